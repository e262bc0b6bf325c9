using System.Diagnostics;

namespace Mao.Bench;

/// <summary>Runs one benchmark as its own process (`dotnet Mao.Bench.dll &lt;name&gt; ...`), so its peak working set is its own, and returns its stdout.</summary>
public static class BenchProcess
{
    public static async Task<string> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mao.Bench.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Mao.Bench {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }
        return output;
    }
}
