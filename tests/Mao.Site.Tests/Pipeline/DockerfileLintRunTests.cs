using Mao.Federation.Rounds;
using Mao.Orchestrations.ToolRuns;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Tools.Dockerfile.Linting;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Pipeline;

/// <summary>dockerfile-lint as a run: a unit per Dockerfile of the configured folder, records in LintSnapshot's shape.</summary>
[Collection(FederationCollection.Name)]
public sealed class DockerfileLintRunTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Lint = "dockerfile-lint";

    [Fact]
    public async Task LintRunOverRecordedDockerfiles_KeepsASnapshotCoveringEachDockerfile()
    {
        using var timeout = TestSites.Timeout(150);
        var ct = timeout.Token;
        var folder = SharedData.Path("fixtures/dockerfiles");
        var files = Directory.GetFiles(folder, "*.Dockerfile").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        await using var replay = await Mao.Testing.Replay.ReplayServer.StartAsync(); // unused endpoints; the site needs some
        await using var federation = new TestFederation(azurite, etcd);
        var options = PipelineBed.Site(federation, "site-a", Lint, replay, schedule: null,
            new Dictionary<string, string?> { ["Mao:DockerfileLint:Folder"] = folder });
        var site = await federation.StartAsync(options, ct);
        var observedAt = DateTimeOffset.UtcNow;

        Assert.Equal(RunStartOutcome.Started, await site.Services.GetRequiredService<ToolRunStarter>().StartAsync(Lint, observedAt, ct));
        var run = await PipelineBed.WaitRunAsync(site, Lint, PipelineBed.Today, ct);

        Assert.Equal(files.Count, run.Units);
        var kept = await site.Services.GetRequiredService<ISnapshotLibrary>().LoadAsync(run.ContentId, ct);
        // Targets are the paths under the folder, not this site's absolute paths, so two sites' records can agree.
        Assert.Equal(files, kept.Records.Select(r => r.Key.Split('#')[0]).Distinct().Order(StringComparer.Ordinal));
        var linter = new DockerfileLinter();
        var expected = files.SelectMany(f => LintSnapshot.Records(linter.Lint(File.ReadAllText(Path.Combine(folder, f)), f))).Select(r => r.Key);
        Assert.Equal(expected.Order(StringComparer.Ordinal), kept.Records.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal(LintSnapshot.Schema.Fields.Select(f => f.Name), kept.Header.Schema.Fields.Select(f => f.Name));
    }
}
