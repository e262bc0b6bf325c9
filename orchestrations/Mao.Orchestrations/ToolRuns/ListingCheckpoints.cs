using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// The pages of a listing a plan reads (dockerhub-tags: a namespace's repositories), one blob per page in the unit
/// checkpoints' container under <c>_listing/&lt;tool&gt;/&lt;period&gt;/&lt;listing&gt;/&lt;page&gt;.json</c> (tool ids start
/// with a letter or digit, so this never meets a checkpoint), so a plan re-run after a failure or a killed host reads the
/// pages it has instead of fetching them again. Create-only: the first stored page stands.
/// </summary>
public sealed class ListingCheckpoints(RunBlobs blobs)
{
    private const string Root = "_listing/";

    /// <summary>The folder of a run's listing pages.</summary>
    public static string Folder(string tool, string period) => $"{Root}{tool}/{period}/";

    public static string BlobName(string tool, string period, string listing, int page) =>
        FormattableString.Invariant($"{Root}{tool}/{period}/{Uri.EscapeDataString(listing)}/{page:D6}.json");

    /// <summary>Page <paramref name="page"/> (1-based) of the listing: the stored one, else <paramref name="fetch"/>'s, stored create-only.</summary>
    public async Task<T> ThroughAsync<T>(string tool, string period, string listing, int page, JsonTypeInfo<T> typeInfo, Func<Task<T>> fetch,
        CancellationToken cancellationToken) where T : class
    {
        var name = BlobName(tool, period, listing, page);
        if (await blobs.ReadAsync(name, cancellationToken) is { } stored)
        {
            return Parse(name, stored, typeInfo);
        }
        var fetched = JsonSerializer.SerializeToUtf8Bytes(await fetch(), typeInfo);
        // Another attempt may have stored it first: its page stands, so every reader follows the same next link.
        return Parse(name, await blobs.CreateOnceAsync(name, BinaryData.FromBytes(fetched), cancellationToken), typeInfo);
    }

    private static T Parse<T>(string name, BinaryData content, JsonTypeInfo<T> typeInfo) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(content.ToMemory().Span, typeInfo)
                ?? throw new Core.MaoFormatException($"listing checkpoint {name}", "the stored page is empty (null)");
        }
        catch (JsonException e)
        {
            throw new Core.MaoFormatException($"listing checkpoint {name}", $"the stored page is not valid JSON: {e.Message}");
        }
    }
}
