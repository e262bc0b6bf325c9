namespace Mao.Bench;

/// <summary>One benchmark, run as `Mao.Bench &lt;name&gt; [args]`. Program finds every implementation by reflection, so adding one is adding a file.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
