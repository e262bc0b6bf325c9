namespace Mao.Orchestrations.ToolRuns;

/// <summary>How tool runs are sized at this site (section <c>Mao:ToolRuns</c>, e.g. <c>MAO__TOOLRUNS__BATCHESPERGENERATION</c>).</summary>
public sealed class ToolRunOptions
{
    public const string Section = "Mao:ToolRuns";

    /// <summary>
    /// Batches a run's orchestration works through before it continues as new: bounds the history each replay reads
    /// (about three events per unit, so 50 batches of 4 units is some 600 events).
    /// </summary>
    public int BatchesPerGeneration { get; set; } = ToolRunRequest.DefaultBatchesPerGeneration;

    /// <summary>
    /// The largest share of a run's units (0..1) that may fail after their retries and be carried over from the previous
    /// run (or be missing) while the run still keeps its snapshot. Above it the run fails and names the failed units, so an
    /// outage of the remote does not yield a snapshot carried over whole; a run started again fetches those units anew.
    /// </summary>
    public double MaxCarriedOverShare { get; set; } = ToolRunRequest.DefaultMaxCarriedOverShare;
}
