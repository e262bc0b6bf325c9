using System.Text;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Rounds;
using Mao.Orchestrations.Api;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Orchestrations.Tests.Fuzz;

/// <summary>
/// The body of POST /api/rounds, parsed and checked by <see cref="RoundOperations.StartAsync"/> before anything durable
/// happens: with a library that holds no snapshot, every body must end as 400 (bad body) or 404 (nothing to verify).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class StartRoundBodyFuzz(ITestOutputHelper output)
{
    private sealed class EmptyLibrary : ISnapshotLibrary
    {
        public Task<SnapshotPointer> KeepAsync(Snapshot snapshot, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<Snapshot> LoadAsync(string contentId, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<SnapshotPointer?> FindAsync(string contentId, CancellationToken cancellationToken) => Task.FromResult<SnapshotPointer?>(null);
        public Task<SnapshotPointer?> NewestAsync(string tool, CancellationToken cancellationToken) => Task.FromResult<SnapshotPointer?>(null);
        public Task<SnapshotPointer?> ComparableAsync(string tool, string period, string toolVersion, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private static readonly byte[][] Seeds =
    [
        Encoding.UTF8.GetBytes("{\"tool\":\"dockerhub-arch\"}"),
        Encoding.UTF8.GetBytes(MaoJson.Write(new StartRoundBody("dockerhub-arch", "r-2026-11-01", new string('a', 64), ["site-b", "site-c"], 600))),
    ];

    [Fact]
    public void StartAsync_HostileBodies_Answer400Or404()
    {
        // The durable client, planner, starter and intake are never reached without a snapshot to verify.
        var operations = new RoundOperations(null!, new EmptyLibrary(), null!, null!, null!, null!);
        var report = new FuzzRunner("start-round-body", output).Run(Seeds, async input =>
        {
            var reply = await operations.StartAsync(input, CancellationToken.None);
            Assert.Contains(reply.StatusCode, new[] { 400, 404 });
            if (reply.StatusCode == 400)
            {
                Assert.StartsWith("start request", Assert.IsType<ApiError>(reply.Body).Error, StringComparison.Ordinal);
            }
        });

        Assert.True(report.Accepted == report.Inputs, "StartAsync answers every body; it never throws");
    }

    [Fact]
    public void Parse_HostileBodies_ParseOrAreFormatErrorsAndRoundTrip()
    {
        var report = new FuzzRunner("start-round-parse", output).Run(Seeds, input =>
        {
            var written = MaoJson.Write(MaoJson.Parse<StartRoundBody>(input, "start request"));
            Assert.Equal(written, MaoJson.Write(MaoJson.Parse<StartRoundBody>(written, "again")));
        }, typeof(MaoFormatException));

        Assert.True(report.Accepted >= Seeds.Length, "the unmutated seeds must parse");
    }
}
