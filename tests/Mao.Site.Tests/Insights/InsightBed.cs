using System.Net;
using Mao.Core.Model;
using Mao.Orchestrations.Api;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Tools.Dockerfile.Linting;

namespace Mao.Site.Tests.Insights;

/// <summary>
/// Two site hosts that verified a small made-up image tool ("imgs") on two days and a lint ground truth on the second
/// day: site-a announced every round, so it holds the three ground-truth snapshots its insight routes read.
/// </summary>
public sealed class InsightBed : IAsyncDisposable
{
    public const string Tool = "imgs";
    public const string Announcer = "site-a";
    public static readonly DateTimeOffset Day1 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Day2 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static readonly MetricSchema Schema = new("image",
    [
        new FieldSpec("architectures", FieldKind.Set),
        new FieldSpec("size", FieldKind.Count),
    ]);

    private InsightBed(TestFederation federation) => Federation = federation;

    public TestFederation Federation { get; }

    public Uri Api => Federation[Announcer].ApiAddress;

    public static async Task<InsightBed> StartAsync(AzuriteFixture azurite, EtcdFixture etcd, CancellationToken ct)
    {
        var federation = new TestFederation(azurite, etcd);
        try
        {
            await federation.StartAsync(ct, Announcer, "site-b");
            var day1 = new Dictionary<string, string>();
            foreach (var site in new[] { Announcer, "site-b" })
            {
                day1[site] = (await federation.KeepAsync(site, Images(site, Day1,
                    ("library/nginx", ["amd64", "arm64"], 100), ("library/redis", ["amd64"], 50)), ct)).ContentId;
                await federation.KeepAsync(site, Images(site, Day2,
                    ("library/nginx", ["amd64", "arm64"], 110), ("library/redis", ["amd64"], 55), ("library/alpine", ["amd64", "arm64"], 10)), ct);
                await federation.KeepAsync(site, LintSnapshot.ToSnapshot(
                [
                    new LintResult("library/nginx", [new Finding("DL3007", Severity.Warning, 3, "Using latest is prone to errors")]),
                    new LintResult("library/redis", [new Finding("DL1000", Severity.Error, 1, "unexpected end of file")]),
                ], site, Day2, "1.0"), ct);
            }
            var rounds = new (string Tool, string Period, string? ContentId)[] { (Tool, "2026-11-26", day1[Announcer]), (Tool, "2026-11-27", null), (LintSnapshot.ToolName, "2026-11-27", null) };
            var starts = await Task.WhenAll(rounds.Select(r => federation.StartRoundAsync(Announcer, new StartRoundBody(r.Tool, r.Period, r.ContentId), ct)));
            Assert.All(starts, s => Assert.Equal(HttpStatusCode.Accepted, s.Status));
            foreach (var (tool, period, _) in rounds)
            {
                Assert.True((await federation.WaitRoundAsync(Announcer, tool, period, ct)).Published, $"round {tool}/{period} published no ground truth");
            }
            return new InsightBed(federation);
        }
        catch
        {
            await federation.DisposeAsync();
            throw;
        }
    }

    public HttpClient Http() => Federation.Http(Announcer);

    public static Snapshot Images(string site, DateTimeOffset observedAt, params (string Key, string[] Architectures, double Size)[] rows) =>
        new(new SnapshotHeader(Tool, "1.0", site, observedAt, Schema),
            rows.Select(r => new SnapshotRecord(r.Key, [FieldValue.OfSet(r.Architectures), FieldValue.Of(r.Size)])));

    public ValueTask DisposeAsync() => Federation.DisposeAsync();
}
