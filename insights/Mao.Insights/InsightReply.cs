using Azure;
using Grpc.Core;
using Mao.Core;
using Mao.Orchestrations.Api;

namespace Mao.Insights;

/// <summary>
/// What an insight route answers, for either host to write: a JSON body, or bytes with their content type; an entity
/// tag when the reply is built from content-addressed data; 304 (no body) when the caller's If-None-Match matched it.
/// </summary>
public sealed record InsightReply(int StatusCode, object? Json = null, byte[]? Bytes = null, string? ContentType = null, string? ETag = null)
{
    /// <summary>How long one insight request may read before it is answered 504: no request hangs on slow storage.</summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(30);

    public static InsightReply Error(int statusCode, string message) => new(statusCode, new ApiError(message));

    public static InsightReply NotModified(string etag) => new(304, ETag: etag);

    /// <summary>True when <paramref name="ifNoneMatch"/> (a header value, maybe a list or *) names <paramref name="etag"/>.</summary>
    public static bool Matches(string? ifNoneMatch, string etag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);

    /// <summary>
    /// Runs a read within <see cref="ReadBudget"/> and turns its failures into clear replies: bad parameters 400,
    /// storage or registry failing 503, the budget spent 504. A caller that went away just cancels. A dependency that does not
    /// answer at all is left to the host's <see cref="DependencyCheck.GuardAsync"/> (503 with Retry-After, one text for every route).
    /// </summary>
    public static async Task<InsightReply> GuardAsync(string what, Func<CancellationToken, Task<InsightReply>> read, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ReadBudget);
        try
        {
            return await read(budget.Token);
        }
        catch (MaoFormatException e)
        {
            return Error(400, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Error(504, $"{what}: reading took longer than {ReadBudget.TotalSeconds:0} s; ask for a shorter range");
        }
        catch (RequestFailedException e) when (!DependencyCheck.IsUnreachable(e))
        {
            return Error(503, $"{what}: the site's storage failed ({e.Status} {e.ErrorCode})");
        }
        catch (RpcException e) when (!DependencyCheck.IsUnreachable(e))
        {
            return Error(503, $"{what}: the registry (etcd) failed ({e.StatusCode})");
        }
    }
}
