using System.Globalization;
using Mao.Core.Model;
using Mao.Tools.Manifests;
using Mao.Tools.Sar;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>aws-sar as units: catalogue pages "page:N". The count is approximate, so the plan is open-ended.</summary>
public sealed class SarUnits(SarClient client) : IToolUnits
{
    public ToolManifest Manifest => ToolManifests.AwsSar;

    public async Task<ToolRunPlan> PlanAsync(string period, Func<string, UnitFetch, Task> fetched, CancellationToken cancellationToken)
    {
        var first = await client.BrowseAsync(1, cancellationToken);
        await fetched(Unit(1), Records(first));
        var pages = Math.Max(1, ((first.ApproximateResultCount ?? 0) + client.PageSize - 1) / client.PageSize);
        return new ToolRunPlan([.. Enumerable.Range(1, pages).Select(Unit)], OpenEnded: true);
    }

    public async Task<UnitFetch> FetchAsync(string unit, CancellationToken cancellationToken) =>
        Records(await client.BrowseAsync(Number(unit), cancellationToken));


    private UnitFetch Records(SarBrowsePage page) =>
        new([.. page.Applications!.Select(SarRecords.Build).OfType<SnapshotRecord>()], page.Applications!.Count >= client.PageSize);

    private static string Unit(int page) => $"page:{page}";

    private static int Number(string unit) => int.Parse(unit["page:".Length..], CultureInfo.InvariantCulture);
}
