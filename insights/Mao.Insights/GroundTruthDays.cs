using System.Collections.Concurrent;
using Mao.Core.Model;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Verification;

namespace Mao.Insights;

/// <summary>One day's ground truth held by this site and the verified result of that day, when the registry has one.</summary>
public sealed record GroundTruthDay(DateOnly Day, SnapshotEntry Entry, VerifiedResult? Verified)
{
    /// <summary>How many sites verified the day: the verified result's support, when that result is this snapshot.</summary>
    public int? VerifiedSupport => Verified is { } v && v.Snapshot.ContentId == Entry.ContentId ? v.Support.Count : null;
}

/// <summary>
/// The ground-truth snapshots (site "ground-truth") this site published or fetched, one per day: found with
/// <see cref="SnapshotIndex.BetweenAsync"/>, read with <see cref="SnapshotStore.GetAsync"/>. Snapshots are immutable
/// (content-addressed), so the last few read are kept in memory: a dashboard asks for several charts of the same days.
/// </summary>
public sealed class GroundTruthDays(SnapshotStore store, FederationRegistry registry)
{
    private const int CachedSnapshots = 64;
    private readonly ConcurrentDictionary<string, Snapshot> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// One ground truth per day in [from, to], oldest first. When a day has several (a losing round's, one fetched
    /// later), the one the registry's verified result names wins, else the latest observed.
    /// </summary>
    public async Task<IReadOnlyList<GroundTruthDay>> ListAsync(string tool, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        Identifier.Validate(tool, "tool name", "path segment tool");
        // The end is exclusive: the day after `to`, except for the calendar's last day, which has no day after it.
        var end = to == DateOnly.MaxValue ? DateTimeOffset.MaxValue : Start(to.AddDays(1));
        var entries = await store.Index.BetweenAsync(tool, Start(from), end, cancellationToken);
        var byDay = entries.Where(e => e.Site == EngineVerifier.GroundTruthSite)
            .GroupBy(e => DateOnly.FromDateTime(e.ObservedAt.UtcDateTime))
            .OrderBy(g => g.Key)
            .ToArray();
        var days = new GroundTruthDay[byDay.Length];
        await Parallel.ForAsync(0, byDay.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var group = byDay[i];
            var verified = await VerifiedAsync(tool, Period.Of(Start(group.Key)), ct);
            var entry = group.FirstOrDefault(e => e.ContentId == verified?.Snapshot.ContentId) ?? group.OrderBy(e => e.ObservedAt).Last();
            days[i] = new GroundTruthDay(group.Key, entry, verified);
        });
        return days;
    }

    public async Task<Snapshot> ReadAsync(GroundTruthDay day, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(day.Entry.ContentId, out var cached))
        {
            return cached;
        }
        var snapshot = await store.GetAsync(day.Entry.ContentId, cancellationToken);
        if (_cache.Count >= CachedSnapshots)
        {
            _cache.Clear();
        }
        _cache[day.Entry.ContentId] = snapshot;
        return snapshot;
    }

    /// <summary>
    /// An entity tag from what a reply is made of: the route, its parameters and the content ids (and verified supports)
    /// of the days read. Content ids name immutable bytes, so equal tags mean equal replies.
    /// </summary>
    public static string ETag(string route, string parameters, IEnumerable<GroundTruthDay> days) =>
        EntityTags.Of(route, days.Select(day => $"{day.Entry.ContentId}:{day.VerifiedSupport?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}").Prepend(parameters));

    private async Task<VerifiedResult?> VerifiedAsync(string tool, string period, CancellationToken cancellationToken)
    {
        try
        {
            return (await registry.ReadVerifiedAsync(tool, period, cancellationToken))?.Message;
        }
        catch (MessageRejectedException)
        {
            // A result whose signature fails is not believed: the day then counts its records' support column instead.
            return null;
        }
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
