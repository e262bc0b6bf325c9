namespace Mao.Bench;

/// <summary>
/// One `dotnet run --project bench/Mao.Bench -c Release -- &lt;name&gt; [args]` subcommand. Program finds every
/// implementation by reflection, so adding a benchmark is adding one file.
/// </summary>
public interface IBenchmark
{
    /// <summary>Subcommand name, e.g. <c>verify</c>.</summary>
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellation);
}
