namespace Mao.Testing.Replay;

/// <summary>A request the replay server received, as handlers and assertions see it.</summary>
public sealed record ReplayRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? QueryValue(string name) => Query.GetValueOrDefault(name);

    public int QueryInt(string name, int fallback) => int.TryParse(QueryValue(name), out var value) ? value : fallback;
}
