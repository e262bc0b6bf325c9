using System.Text.Json;
using Mao.Core.Model;
using Mao.Federation.Configuration;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;

namespace Mao.Insights;

/// <summary>One member site's accept-or-keep decision about a verified result, or why it is not known.</summary>
/// <param name="Decision"><see cref="SiteDecisions.Accepted"/>, <see cref="SiteDecisions.KeptOwn"/>, or null with <paramref name="Problem"/>.</param>
public sealed record SiteDecisionView(string Site, bool Live, bool Self, string? Decision, string? Problem);

public sealed record DecisionsReply(string Tool, string Period, IReadOnlyList<SiteDecisionView> Sites);

/// <summary>
/// GET /api/decisions/{tool}/{period}: every member site's accept-or-keep decision about the verified result. Each site
/// keeps its decisions in its own table, so this site reads its own and asks each other live site's
/// GET /api/verified/{tool}/{period} at the endpoint its card registers, all at once, each within <see cref="PeerTimeout"/>.
/// A peer's answer is its word (unsigned, like its dashboard); a gone site, or one that does not answer, has no decision
/// and says why.
/// </summary>
public sealed class FederationDecisions(SiteView view, FederationRegistry registry, FederationSettings settings, IHttpClientFactory clients)
{
    public const string ClientName = "mao-peer-decisions";
    public static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(5);

    public Task<InsightReply> DecisionsAsync(string tool, string period, CancellationToken cancellationToken) =>
        InsightReply.GuardAsync($"decisions about {tool} {period}", async ct =>
        {
            Identifier.Validate(tool, "tool name", "path segment tool");
            Period.Validate(period, "path segment period");
            var cards = await registry.LiveSitesAsync(ct);
            var members = await registry.KeyDirectory.SitesAsync(ct);
            var own = await view.VerifiedAsync(tool, period, ct);
            var asked = await Task.WhenAll(cards.Where(c => c.Site != settings.SiteId).Select(c => AskAsync(c, tool, period, ct)));
            var self = new SiteDecisionView(settings.SiteId, true, true, own?.Decision?.Decision, own?.Decision is null ? "no decision yet" : null);
            var gone = members.Except(cards.Select(c => c.Site).Append(settings.SiteId), StringComparer.Ordinal)
                .Select(site => new SiteDecisionView(site, false, false, null, "gone: no live card to ask"));
            return new InsightReply(200, new DecisionsReply(tool, period,
                asked.Append(self).Concat(gone).OrderBy(s => s.Site, StringComparer.Ordinal).ToArray()));
        }, cancellationToken);

    private async Task<SiteDecisionView> AskAsync(SiteCard card, string tool, string period, CancellationToken cancellationToken)
    {
        SiteDecisionView Unknown(string problem) => new(card.Site, true, false, null, problem);
        if (!Uri.TryCreate(card.Endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return Unknown("its card has no http(s) endpoint");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PeerTimeout);
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(new Uri(endpoint, $"api/verified/{tool}/{period}"), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Unknown(response.StatusCode == System.Net.HttpStatusCode.NotFound ? "no decision yet" : $"answered HTTP {(int)response.StatusCode}");
            }
            // Small and bounded: a verified view is a few hundred bytes; a peer sending more is not read past 64 KiB.
            var body = await ReadLimitedAsync(response, 64 * 1024, timeout.Token);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.Object
                && decision.TryGetProperty("decision", out var text) && text.GetString() is SiteDecisions.Accepted or SiteDecisions.KeptOwn
                    ? new SiteDecisionView(card.Site, true, false, text.GetString(), null)
                    : Unknown("no decision yet");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unknown($"did not answer within {PeerTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException)
        {
            return Unknown($"unreachable or unreadable: {e.Message}");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int limit, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new InvalidDataException($"answer longer than {limit} bytes");
            }
        }
        return buffer.ToArray();
    }
}
