using System.Net;
using System.Text.Json;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Insights;

/// <summary>
/// The read API probed as a careless newcomer or an attacker would, against a real site host holding real ground truth:
/// edge and absurd parameters, huge pages, unknown series and tools, path tricks. Every answer is a 2xx, 304 or 4xx
/// (a 4xx with a JSON error that names the parameter where the insight routes answer it), never a 5xx, and every
/// request is answered well within a bound that only catches hangs.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ApiProbeTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Range = "from=2026-11-20&to=2026-11-30";

    /// <summary>(path and query as sent, unnormalised; expected status; what the error must say, or null).</summary>
    private static readonly (string Path, int Status, string? Says)[] Probes =
    [
        // Page sizes and offsets: bounded, overflow refused, a page past the end is empty.
        ($"api/series/imgs?{Range}&limit=2147483647", 400, "query parameter limit"),
        ($"api/series/imgs?{Range}&limit=99999999999999999999", 400, "query parameter limit"),
        ($"api/series/imgs?{Range}&limit=1e3", 400, "query parameter limit"),
        ($"api/series/imgs?{Range}&limit=", 400, "query parameter limit"),
        ($"api/series/imgs?{Range}&offset=2147483647", 200, null),
        ($"api/series/imgs?{Range}&offset=99999999999", 400, "query parameter offset"),
        ($"api/artefacts/imgs/library/nginx?{Range}&limit=1000000", 400, "query parameter limit"),
        ($"api/alerts/imgs?{Range}&limit=1001", 400, "query parameter limit"),
        ("api/notifications?limit=100000", 400, "query parameter limit"),
        ("api/notifications?limit=-1", 400, "query parameter limit"),
        // Days at the ends of the calendar.
        ("api/series/imgs?to=9999-12-31", 200, null),
        ("api/series/imgs?from=9999-12-31&to=9999-12-31", 200, null),
        ("api/charts/imgs.svg?from=9999-12-31&to=9999-12-31", 200, null),
        ("api/artefacts/imgs/library/nginx?to=9999-12-31", 404, "has artefact"),
        ("api/series/imgs?from=0001-01-01&to=0001-01-01", 200, null),
        ("api/series/imgs?from=0001-01-01", 400, "spans more than 366 days"),
        ("api/series/imgs?from=2026-02-30", 400, "query parameter from"),
        ("api/series/imgs?to=20261127", 400, "query parameter to"),
        // Unknown series and metrics: the field names what the tool has.
        ($"api/series/imgs?{Range}&metric=count:nosuchfield=x", 400, "no field 'nosuchfield'"),
        ($"api/series/imgs?{Range}&metric=sum:architectures", 400, "architectures"),
        ($"api/series/imgs?{Range}&metric=share:architectures>99999999999", 400, "is not a metric"),
        ($"api/series/imgs?{Range}&metric=count:=x", 400, "is not a metric"),
        ($"api/series/imgs?{Range}&metric=%00", 400, "is not a metric"),
        ($"api/series/imgs?{Range}&metric={new string('a', 201)}", 400, "longer than 200"),
        ($"api/series/imgs?{Range}&{string.Join("&", Enumerable.Repeat("metric=records", 9))}", 400, "at most 8"),
        ($"api/charts/imgs.png?{Range}&metric=mean:nosuchfield", 400, "no field 'nosuchfield'"),
        ($"api/alerts/imgs?{Range}&metric=count:nosuchfield=x", 400, "no field 'nosuchfield'"),
        ($"api/series/nosuchtool?{Range}", 200, null),
        // Charts of one point or none, with each trend: drawn without the line that cannot be fitted.
        ("api/charts/imgs.png?from=2026-11-26&to=2026-11-26&trend=ols", 200, null),
        ("api/charts/imgs.svg?from=2026-11-26&to=2026-11-26&trend=theil-sen", 200, null),
        ("api/charts/nosuchtool.png?trend=theil-sen", 200, null),
        ("api/charts/imgs.png.png", 200, null),
        ("api/charts/.png", 400, "<tool>.png or <tool>.svg"),
        ("api/charts/imgs.PNG", 400, "<tool>.png or <tool>.svg"),
        ("api/charts/imgs.png?width=1e3", 400, "query parameter width"),
        ("api/charts/imgs.png?height=-5", 400, "query parameter height"),
        ("api/alerts/imgs?window=2", 400, "query parameter window"),
        ("api/alerts/imgs?threshold=NaN", 400, "query parameter threshold"),
        ("api/alerts/imgs?threshold=Infinity", 400, "query parameter threshold"),
        // Path tricks: dot segments and encoded slashes never leave the route, and bad ids are named.
        ("api/series/..%2F..%2Fetc%2Fpasswd", 400, "tool"),
        ("api/series/%2e%2e", 404, null), // the server removes the dot segments: no route is left
        ("api/series/imgs%00", 400, null), // refused by the server before any route
        ("api/series/IMGS", 400, "tool"),
        ($"api/series/{new string('a', 64)}", 400, "tool"),
        ($"api/series/{new string('a', 9000)}", 414, null),
        ("api/charts/..%2F..%2Fetc%2Fpasswd.png", 400, "tool"),
        ("api/alerts/%2e%2e%2fsnapshots", 400, "tool"),
        ("api/artefacts/%2e%2e/library/nginx", 404, null),
        ("api/artefacts/imgs%2F..%2F..%2Fx/library/nginx", 400, "tool"),
        ($"api/artefacts/imgs/{new string('k', 600)}", 400, "path segment key"),
        ("api/artefacts/imgs/", 400, "path segment key"),
        ($"api/artefacts/imgs/..%2F..%2Fetc%2Fpasswd?{Range}", 404, "has artefact"),
        ($"api/artefacts/imgs/library%2Fnginx?{Range}", 200, null),
        ("api/snapshots/..%2F..%2Fetc%2Fpasswd", 400, null),
        ("api/snapshots/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 404, null),
        ("api/verified/imgs/not-a-period", 400, null),
        ("api/verified/%2e%2e/2026-11-27", 404, null),
        ("api/verified/imgs%2F..%2F../2026-11-27", 400, null),
        ("api/rounds/imgs/%2e%2e", 405, null), // becomes POST-only /api/rounds/
        ("api/rounds/imgs/..%2F..", 400, null),
        ("api/runs/imgs/..%2F..", 400, null),
        ("api/decisions/IMGS/2026-11-27", 400, "tool"),
        ("api/decisions/imgs/2026-11-31", 400, "period"),
        ("api/decisions/imgs%2F..%2F../2026-11-27", 400, "tool"),
        ("dashboard/..%2F..%2Fetc%2Fpasswd", 404, null),
    ];

    [Fact]
    public async Task ReadApi_UnderBadParametersHugePagesAndPathTricks_AnswersClear4xxNever5xxNeverHangs()
    {
        using var timeout = TestSites.Timeout(420);
        var ct = timeout.Token;
        await using var bed = await InsightBed.StartAsync(azurite, etcd, ct);
        // A bound for hangs only: the routes' own read budget is 30 s.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };

        var wrong = new List<string>();
        foreach (var (path, expected, says) in Probes)
        {
            var (status, body, type) = await SendAsync(http, bed.Api, HttpMethod.Get, path, ct);
            if (status != expected)
            {
                wrong.Add($"{Cut(path)}: expected {expected}, got {status} {Cut(body)}");
            }
            else if (says is not null && !ErrorSays(body, type, says))
            {
                wrong.Add($"{Cut(path)}: {status} without an error naming '{says}': {Cut(body)}");
            }
        }
        // Methods the read routes do not take, and a garbage If-None-Match and Accept.
        foreach (var path in new[] { "api/series/imgs", "api/charts/imgs.png", "api/notifications" })
        {
            var (status, body, _) = await SendAsync(http, bed.Api, HttpMethod.Post, path, ct);
            if (status is not (405 or 415))
            {
                wrong.Add($"POST {path}: expected 405, got {status} {Cut(body)}");
            }
        }
        using (var odd = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Api, $"api/series/imgs?{Range}")))
        {
            odd.Headers.TryAddWithoutValidation("If-None-Match", new string('"', 3000));
            odd.Headers.TryAddWithoutValidation("Accept", "text/csv;q=garbage, */*");
            using var response = await http.SendAsync(odd, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                wrong.Add($"garbage If-None-Match/Accept: expected 200, got {(int)response.StatusCode}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Many large charts at once: drawing is limited to two at a time, and every request is still answered.
        var charts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            SendAsync(http, bed.Api, HttpMethod.Get, $"api/charts/imgs.{(i % 2 == 0 ? "png" : "svg")}?{Range}&width=2000&height=1500&trend=theil-sen&n={i}", ct)));
        Assert.All(charts, c => Assert.Equal(200, c.Status));
    }

    private static async Task<(int Status, string Body, string? Type)> SendAsync(HttpClient http, Uri api, HttpMethod method, string path, CancellationToken ct)
    {
        // Sent as written: without this, Uri would decode %2e%2e and drop the dot segments before the server saw them.
        var uri = new Uri(api + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(method, uri);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, ct);
        var type = response.Content.Headers.ContentType?.MediaType;
        var body = type is "image/png" ? "(png)" : await response.Content.ReadAsStringAsync(ct);
        return ((int)response.StatusCode, body, type);
    }

    private static bool ErrorSays(string body, string? type, string says)
    {
        if (type != "application/json")
        {
            return false;
        }
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("error", out var error) && error.GetString()!.Contains(says, StringComparison.Ordinal);
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + $"... ({text.Length} chars)" : text;
}
