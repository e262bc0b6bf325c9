using System.Text.Json;

namespace Mao.Orchestrations.Local;

/// <summary>One side effect an activity performed (or found already done).</summary>
public sealed record JournalEntry(string Activity, string Tool, string RoundId, string Site, string Outcome, int ProcessId, DateTimeOffset At);

/// <summary>
/// An append-only JSON-lines log of activity side effects in the site data folder. It shows, after a crash,
/// which steps ran again and which publication was created exactly once.
/// </summary>
public sealed class ActivityJournal(SiteDataFolder folder)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task AppendAsync(string activity, string tool, string roundId, string site, string outcome, CancellationToken cancellationToken)
    {
        var entry = new JournalEntry(activity, tool, roundId, site, outcome, Environment.ProcessId, DateTimeOffset.UtcNow);
        var line = JsonSerializer.Serialize(entry, Core.Serialization.MaoJson.Options) + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(folder.Journal)!);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(folder.Journal, line, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Reads every entry; a torn last line (the process died while appending) is skipped.</summary>
    public IReadOnlyList<JournalEntry> ReadAll()
    {
        if (!File.Exists(folder.Journal))
        {
            return [];
        }
        var entries = new List<JournalEntry>();
        foreach (var line in File.ReadAllLines(folder.Journal))
        {
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                entries.Add(JsonSerializer.Deserialize<JournalEntry>(line, Core.Serialization.MaoJson.Options)!);
            }
            catch (JsonException)
            {
                // Only the last line can be torn by a kill; the entries before it are whole.
            }
        }
        return entries;
    }
}
