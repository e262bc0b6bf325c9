using System.Globalization;
using Mao.Core.Model;
using Mao.Tools.ArtifactHub;
using Mao.Tools.Manifests;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>artifacthub-helm as units: search pages "offset:N"; the first page's total fixes the plan.</summary>
public sealed class ArtifactHubUnits(ArtifactHubClient client) : IToolUnits
{
    public ToolManifest Manifest => ToolManifests.ArtifactHubHelm;

    public async Task<ToolRunPlan> PlanAsync(string period, Func<string, UnitFetch, Task> fetched, CancellationToken cancellationToken)
    {
        var (packages, total) = await client.SearchAsync(0, cancellationToken);
        await fetched(Unit(0), Records(packages));
        var units = new List<string>();
        for (var offset = 0; offset == 0 || offset < total; offset += client.PageSize)
        {
            units.Add(Unit(offset));
        }
        return new ToolRunPlan(units, OpenEnded: false, client.PageSize);
    }

    public async Task<UnitFetch> FetchAsync(string unit, CancellationToken cancellationToken) =>
        Records((await client.SearchAsync(Offset(unit), cancellationToken)).Packages);


    private UnitFetch Records(List<AhPackage> packages) =>
        new([.. packages.Select(HelmRecords.Build).OfType<SnapshotRecord>()], packages.Count >= client.PageSize);

    private static string Unit(int offset) => $"offset:{offset}";

    private static int Offset(string unit) => int.Parse(unit["offset:".Length..], CultureInfo.InvariantCulture);
}
