using Mao.Core;
using Mao.Core.Serialization;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mao.Federation.Rounds;

/// <summary>
/// Fetches peers' snapshots over HTTP or git into this site's store (see <see cref="ISnapshotFetcher"/>).
/// Everything a peer can cause (wrong bytes, too many, too slow, a location outside its registered store, a snapshot
/// of something else) is a <see cref="FetchOutcome.Refused"/> naming it; only this site's own storage or registry
/// failing throws, so the durable activity retries.
/// </summary>
public sealed partial class SnapshotFetcher(FederationRegistry registry, SnapshotStore store, FederationSettings settings, IHttpClientFactory http, ILogger<SnapshotFetcher> log)
    : ISnapshotFetcher, IDisposable
{
    /// <summary>The named HttpClient fetches use: no redirects (a redirect could lead outside the peer's store).</summary>
    public const string HttpClientName = "mao-snapshot-fetch";

    private string TempFolder => Path.Combine(settings.DataDirectory, "tmp");

    public async Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var pointer = request.Snapshot;
        var site = request.Site;
        if (!ContentId.IsWellFormed(pointer.ContentId) || pointer.Site != site || pointer.Tool != request.Tool)
        {
            return FetchOutcome.Refused(site, $"pointer of {site} names snapshot '{PeerLocations.Shorten(pointer.ContentId)}' of {pointer.Tool} by {pointer.Site}, not one of {request.Tool} by {site}");
        }
        if (await store.Blobs.GetEntryAsync(pointer.ContentId, cancellationToken) is { } held)
        {
            return Checked(request, held); // fetched before (the activity ran again): nothing to transfer
        }
        if (pointer.Size > settings.MaxFetchBytes)
        {
            return FetchOutcome.Refused(site, $"{site} announced snapshot {pointer.ContentId} of {pointer.Size} bytes, more than this site fetches ({settings.MaxFetchBytes})");
        }
        SiteCard? card;
        try
        {
            card = await registry.GetSiteAsync(request.Holder, cancellationToken);
        }
        catch (Exception e) when (e is MaoFormatException or MessageRejectedException)
        {
            return FetchOutcome.Refused(site, $"{request.Holder}'s site card is unusable: {e.Message}");
        }
        if (card is null)
        {
            return FetchOutcome.Refused(site, $"{request.Holder} is not in the live set (no site card): its store cannot be checked");
        }
        var problems = new List<string>();
        var unreachable = false;
        foreach (var location in pointer.Locations)
        {
            var (entry, problem) = await TryLocationAsync(request, card, location, cancellationToken);
            if (entry is not null)
            {
                return Checked(request, entry);
            }
            problems.Add(problem!.Message);
            unreachable |= problem.Unreachable;
        }
        var outcome = FetchOutcome.Refused(site, $"snapshot {pointer.ContentId} of {site} could not be fetched: {string.Join("; ", problems)}", unreachable);
        log.LogWarning("Round {Tool}/{Round}: {Problem}", request.Tool, request.Round, outcome.Problem);
        return outcome;
    }

    public void Dispose() => DisposeGit();

    /// <summary>Registers <see cref="HttpClientName"/>: no redirects, a connect timeout; the fetch's deadline bounds the rest.</summary>
    public static IHttpClientBuilder AddFetchClient(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseCookies = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
            });

    /// <summary>The stored snapshot, or why this location did not give it.</summary>
    private async Task<(SnapshotEntry? Entry, PeerFetchException? Problem)> TryLocationAsync(FetchRequest request, SiteCard card, SnapshotLocation location, CancellationToken cancellationToken)
    {
        var pointer = request.Snapshot;
        try
        {
            switch (location.Kind)
            {
                case LocationKind.Http when PeerLocations.Http(card, pointer.ContentId, location) is { } address:
                    return (await FetchHttpAsync(address, request, cancellationToken), null);
                case LocationKind.Git when location.Commit is { } commit
                        && PeerLocations.Git(card, await DatasetOfAsync(request.Tool, request.Holder, cancellationToken), request.Tool, location) is { } remote:
                    return (await FetchGitAsync(request, remote, commit, cancellationToken), null);
                default:
                    return (null, new PeerFetchException(PeerLocations.Outside(request.Holder, location)));
            }
        }
        catch (PeerFetchException e)
        {
            return (null, e);
        }
    }

    /// <summary>
    /// Stores the received bytes (a temporary file, hashed on the way in) as canonical snapshot, streaming: the header must
    /// name the round's tool, site and period before a record is read, the bytes must be the canonical form, and nothing
    /// is stored under the id when any check fails.
    /// </summary>
    private async Task<SnapshotEntry> StoreAsync(HashingFile content, FetchRequest request, string from, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.PutCanonicalAsync(content, request.Snapshot.ContentId, header => CheckHeader(request, header, from), cancellationToken)).Entry;
        }
        catch (MaoFormatException e)
        {
            throw new PeerFetchException($"{from}: the bytes are not a canonical snapshot ({e.Message})");
        }
    }

    private static void CheckHeader(FetchRequest request, Core.Model.SnapshotHeader header, string from)
    {
        var period = Core.Model.Period.Of(header.ObservedAt);
        if (header.Tool != request.Tool || header.Site != request.Site || period != request.Period)
        {
            throw new PeerFetchException($"{from}: snapshot {request.Snapshot.ContentId} is a snapshot of {header.Tool} by {header.Site} for {period}, " +
                                         $"not of {request.Tool} by {request.Site} for {request.Period}: not stored");
        }
    }

    /// <summary>What the stored snapshot's header says must be what the round asked for.</summary>
    private static FetchOutcome Checked(FetchRequest request, SnapshotEntry entry)
    {
        var period = Core.Model.Period.Of(entry.ObservedAt);
        return entry.Tool == request.Tool && entry.Site == request.Site && period == request.Period
            ? FetchOutcome.Fetched(request.Site, entry.ContentId)
            : FetchOutcome.Refused(request.Site,
                $"snapshot {entry.ContentId} from {request.Site} is a snapshot of {entry.Tool} by {entry.Site} for {period}, not of {request.Tool} by {request.Site} for {request.Period}");
    }

    private async Task<DatasetLocation?> DatasetOfAsync(string tool, string site, CancellationToken cancellationToken)
    {
        var key = registry.Keys.Dataset(tool, site);
        var entry = await registry.Etcd.GetAsync(key, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        try
        {
            var dataset = RegistryDocuments.Parse<DatasetLocation>(entry.Value, key);
            return dataset.Tool == tool && dataset.Site == site ? dataset : null;
        }
        catch (MaoFormatException e)
        {
            log.LogWarning("Ignoring unusable dataset location of {Site}: {Error}", site, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Something the peer caused: the location is skipped and named, never retried as a failure of this site.
    /// <paramref name="unreachable"/>: the peer was not reached at all, so asking again later may succeed.
    /// </summary>
    private sealed class PeerFetchException(string message, bool unreachable = false) : Exception(message)
    {
        public bool Unreachable { get; } = unreachable;
    }
}
