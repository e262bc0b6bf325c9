using Mao.Core.Model;
using Mao.Core.Verification;
using Mao.Core.Verification.Output;
using static Mao.Core.Tests.Verification.Snapshots;

namespace Mao.Core.Tests.Verification;

public class MergePipelineTests
{
    private static Snapshot Site(string name, int records, Func<int, double> value) =>
        new(new SnapshotHeader("tool", "1", name, ObservedAt, Latency),
            Enumerable.Range(0, records).Select(i => new SnapshotRecord($"k{i:D6}", [FieldValue.Of(value(i))])));

    private static string Render(bool parallel, Snapshot[] sites)
    {
        var output = new StringWriter();
        new VerificationEngine { ParallelMerge = parallel }.Run(sites.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), new TruthCsvWriter(output));
        return output.ToString();
    }

    [Fact]
    public void Run_ParallelMerge_SameOutputAsSequentialAcrossManyBatches()
    {
        var sites = new[] { Site("a", 5000, i => i), Site("b", 4999, i => i + 0.5), Site("c", 5000, i => i % 7 == 0 ? -1e6 : i) };

        var parallel = Render(true, sites);

        Assert.Equal(Render(false, sites), parallel);
        Assert.Equal(5001, parallel.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Run_ParallelMergeErrorLateInTheInput_SurfacesWithItsMessage()
    {
        var good = new SnapshotRecordSource(Site("a", 3000, i => i));
        var bad = new KeysSource("b", Enumerable.Range(0, 2000).Select(i => $"k{i:D6}").Append("k001999"));

        var error = Assert.Throws<MaoFormatException>(() => new VerificationEngine { ParallelMerge = true }.Run([good, bad], new VerdictCollector()));

        Assert.Contains("duplicate index value 'k001999'", error.Message);
    }

    [Fact]
    public void Run_Cancelled_StopsWithOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var sites = new[] { Site("a", 200_000, i => i), Site("b", 200_000, i => i) };

        Assert.ThrowsAny<OperationCanceledException>(() => new VerificationEngine { ParallelMerge = true }
            .Run(sites.Select(s => (IRecordSource)new SnapshotRecordSource(s)).ToList(), new VerdictCollector(), cancellation: cancellation.Token));
    }

    private sealed class KeysSource(string site, IEnumerable<string> keys) : IRecordSource
    {
        private readonly IEnumerator<string> _keys = keys.GetEnumerator();
        private readonly FieldValue[] _values = [FieldValue.Of(1)];
        public SnapshotHeader Header { get; } = new("tool", "1", site, ObservedAt, Latency);
        public string Where => $"keys of {site}";
        public bool MoveNext() => _keys.MoveNext();
        public string CurrentKey => _keys.Current;
        public ReadOnlySpan<FieldValue> CurrentValues => _values;
        public void Dispose() => _keys.Dispose();
    }
}
