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
}
