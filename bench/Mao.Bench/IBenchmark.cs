namespace Mao.Bench;

/// <summary>
/// One benchmark, run as `dotnet run --project bench/Mao.Bench -c Release -- &lt;name&gt; [args]`.
/// Program finds every implementation by reflection: adding a benchmark is adding a file.
/// </summary>
public interface IBenchmark
{
    /// <summary>Subcommand name, e.g. "lint".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Runs, prints results to <paramref name="output"/>, returns the process exit code.</summary>
    Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken);
}
