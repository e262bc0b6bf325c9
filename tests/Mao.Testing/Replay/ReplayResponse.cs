using System.Text;
using System.Text.Json;

namespace Mao.Testing.Replay;

/// <summary>What the replay server answers: status, headers, body; optionally a delay, or a body cut off or stalled mid-way.</summary>
public sealed record ReplayResponse(int Status, byte[] Body, string? ContentType = "application/json")
{
    public Dictionary<string, string> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wait this long before answering (to trip timeouts or to let a test cancel mid-crawl).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Declare the full Content-Length but send only this many bytes, then drop the connection.</summary>
    public int? CutConnectionAfterBytes { get; init; }

    /// <summary>Declare the full Content-Length, send only this many bytes, then send nothing more until the client gives up.</summary>
    public int? StallAfterBytes { get; init; }

    public static ReplayResponse Json(byte[] body, int status = 200) => new(status, body);

    public static ReplayResponse Json(string body, int status = 200) => new(status, Encoding.UTF8.GetBytes(body));

    public static ReplayResponse Json<T>(T value, int status = 200) => new(status, JsonSerializer.SerializeToUtf8Bytes(value));

    public static ReplayResponse Html(string body, int status) => new(status, Encoding.UTF8.GetBytes(body), "text/html; charset=utf-8");

    public static ReplayResponse Empty(int status) => new(status, [], null);

    public ReplayResponse WithHeader(string name, string value)
    {
        var copy = this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) };
        copy.Headers[name] = value;
        return copy;
    }
}
