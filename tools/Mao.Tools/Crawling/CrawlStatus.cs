namespace Mao.Tools.Crawling;

public enum CrawlStatus
{
    /// <summary>Every unit fetched without error.</summary>
    Succeeded,

    /// <summary>Some units failed; their previous records were carried over, the rest is fresh.</summary>
    Partial,

    /// <summary>Nothing usable came back; the previous snapshot stands.</summary>
    Failed,

    /// <summary>Stopped on a long rate-limit wait; resume from the checkpoint after <see cref="CrawlRunReport.ResumeAfter"/>.</summary>
    Paused,
}
