using System.Globalization;
using Mao.Core.Model;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Manifests;
using Microsoft.Extensions.Options;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// dockerhub-tags as units: one tag page of one repository, "tags:&lt;namespace&gt;/&lt;name&gt;[@&lt;last_updated unix s&gt;]:&lt;page&gt;".
/// The plan lists the namespaces' repositories (each page kept as read, <see cref="ListingCheckpoints"/>) and plans page 1 of each repository of this site's shard: with
/// <c>Mao:Sharding:dockerhub-tags:Replicas</c> set, the repositories this site owns in the live shard plan
/// (<see cref="ToolShards"/>, handed on to the round); else the static <see cref="ShardSelector"/> of Mao:DockerHub.
/// A page whose listing links a next page names it as its follow-up unit, so an activity is one Hub page (plus the registry look-ups of its tags
/// that list no images; their documents come from the manifest cache after the first time ever). The repository's
/// last_updated rides in the unit name because every record carries it and the unit must not list the namespace again.
/// </summary>
public sealed class DockerHubTagsUnits(HubApiClient hub, RepositoryTags tags, IOptions<DockerHubOptions> options, ToolShards shards, ListingCheckpoints listing)
    : IToolUnits
{
    private const string Prefix = "tags:";
    private static readonly PreviousTags NoPrevious = new(null);

    public ToolManifest Manifest => ToolManifests.DockerHubTags;

    public async Task<ToolRunPlan> PlanAsync(string period, Func<string, UnitFetch, Task> fetched, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var plan = await shards.PlanAsync(Manifest.Name, cancellationToken);
        if (plan is not null && settings.ShardCount > 1)
        {
            throw new Core.MaoFormatException($"configuration {ToolShards.ReplicasKey(Manifest.Name)}",
                $"the live shard plan and the static Mao:DockerHub:ShardCount {settings.ShardCount} are both set: keep one");
        }
        var shard = new ShardSelector(settings.ShardIndex, settings.ShardCount, settings.ShardOverlap);
        Func<string, bool> owns = plan is null ? shard.Owns : repository => plan.Owns(shards.Site, repository);
        var units = new List<string>();
        foreach (var @namespace in settings.EffectiveNamespaces)
        {
            var tally = hub.NewTally();
            // Each listing page is kept as it is read: a plan re-run (a failed attempt, a killed host) reads the kept pages and
            // fetches only the rest.
            await foreach (var page in hub.RepositoryPagesAsync(@namespace, tally, cancellationToken, (number, fetch) =>
                listing.ThroughAsync(Manifest.Name, period, @namespace, number, HubJsonContext.Default.HubPageHubRepository, fetch, cancellationToken)))
            {
                units.AddRange(page.Results!
                    .Where(r => r.Name is { Length: > 0 } name && owns($"{@namespace}/{name}"))
                    .Select(r => Unit(new RepositoryRef(@namespace, r.Name!, r.LastUpdated), 1)));
            }
            // A listing that ended short would make a snapshot silently missing repositories: fail the plan (it is retried).
            if (tally.Shortfall("repositories") is { } shortfall)
            {
                throw shortfall;
            }
        }
        return new ToolRunPlan([.. units.Distinct(StringComparer.Ordinal)], OpenEnded: false) { Shards = plan };
    }

    public async Task<UnitFetch> FetchAsync(string unit, CancellationToken cancellationToken)
    {
        var (repository, page) = Parse(unit);
        var report = new CrawlRunReport { Tool = Manifest.Name, CrawlId = unit };
        var result = await tags.FetchPageAsync(repository, page, NoPrevious, report, cancellationToken);
        return new UnitFetch(result.Records, result.HasNext, result.HasNext ? Unit(repository, page + 1) : null);
    }

    public bool Reusable(string unit) => IsReusable(unit);

    public string Identity(string unit) => IdentityOf(unit);

    /// <summary>The name carries the repository's last_updated: the same name means the repository has not changed since.</summary>
    public static bool IsReusable(string unit) => Parse(unit).Repository.LastUpdated is not null;

    /// <summary>The repository and page without last_updated: "tags:&lt;namespace&gt;/&lt;name&gt;:&lt;page&gt;".</summary>
    public static string IdentityOf(string unit)
    {
        var (repository, page) = Parse(unit);
        return Unit(repository with { LastUpdated = null }, page);
    }

    public static string Unit(RepositoryRef repository, int page) =>
        FormattableString.Invariant($"{Prefix}{repository.FullName}{(repository.LastUpdated is { } u ? $"@{u.ToUnixTimeSeconds()}" : "")}:{page}");

    public static (RepositoryRef Repository, int Page) Parse(string unit)
    {
        var colon = unit.LastIndexOf(':');
        var name = unit[Prefix.Length..colon];
        var page = int.Parse(unit[(colon + 1)..], CultureInfo.InvariantCulture);
        DateTimeOffset? updated = null;
        if (name.IndexOf('@', StringComparison.Ordinal) is var at and >= 0)
        {
            updated = DateTimeOffset.FromUnixTimeSeconds(long.Parse(name[(at + 1)..], CultureInfo.InvariantCulture));
            name = name[..at];
        }
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return (new RepositoryRef(name[..slash], name[(slash + 1)..], updated), page);
    }
}
