using System.Diagnostics;
using System.Globalization;

namespace Mao.Bench.Pipeline;

/// <summary>Starts <see cref="PipelineRun"/> as its own process (`dotnet Mao.Bench.dll pipeline-run ...`) and reads its figures.</summary>
public static class PipelineChild
{
    public static async Task<PipelineFigures> RunAsync(Uri hub, string storage, string etcd, string data, int tags, bool inMemory, CancellationToken cancellationToken, bool push = true)
    {
        var bench = Path.Combine(AppContext.BaseDirectory, "Mao.Bench.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { bench, "pipeline-run", "--hub", hub.ToString(), "--storage", storage, "--etcd", etcd, "--data", data,
                     "--tags", tags.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        if (inMemory)
        {
            start.ArgumentList.Add("--in-memory");
        }
        if (!push)
        {
            start.ArgumentList.Add("--no-push");
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
            throw new InvalidOperationException($"pipeline-run over {tags} tags exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }
        return PipelineFigures.Parse(output);
    }
}
