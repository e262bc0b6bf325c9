namespace Mao.Core.Verification;

/// <summary>Receives each record's ground truth as the engine produces it, in ascending key order.</summary>
public interface IVerdictSink
{
    /// <summary>The verdict is reused for the next record: copy (<see cref="RecordVerdict.Detach"/>) what must outlive the call.</summary>
    void Accept(RecordVerdict verdict);
}

/// <summary>Keeps detached copies of every verdict: for tests and small inputs.</summary>
public sealed class VerdictCollector : IVerdictSink
{
    public List<RecordVerdict> Verdicts { get; } = [];

    public void Accept(RecordVerdict verdict) => Verdicts.Add(verdict.Detach());

    public RecordVerdict this[string key] => Verdicts.Single(v => v.Key == key);
}

/// <summary>Sends every verdict to several sinks (e.g. a JSON writer and a CSV writer) in one pass.</summary>
public sealed class TeeSink(params IVerdictSink[] sinks) : IVerdictSink
{
    public void Accept(RecordVerdict verdict)
    {
        foreach (var sink in sinks)
        {
            sink.Accept(verdict);
        }
    }
}
