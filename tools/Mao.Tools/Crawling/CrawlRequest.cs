using Mao.Core.Model;

namespace Mao.Tools.Crawling;

/// <summary>
/// One crawl to run. <paramref name="CrawlId"/> names the checkpoint: a crawl started again with the same id
/// resumes. <paramref name="Previous"/> is the last kept snapshot of this tool, used to skip what has not changed
/// and to carry over what could not be fetched.
/// </summary>
public sealed record CrawlRequest(
    string Site,
    string CrawlId,
    DateTimeOffset ObservedAt,
    Snapshot? Previous = null,
    IProgress<CrawlProgress>? Progress = null);

/// <summary>Progress for people watching: units done so far and records collected.</summary>
public readonly record struct CrawlProgress(string Unit, long UnitsDone, long Records);
