using System.Globalization;

namespace Mao.Bench.Pipeline;

/// <summary>Starts <see cref="PipelineRun"/> as its own process (`dotnet Mao.Bench.dll pipeline-run ...`) and reads its figures.</summary>
public static class PipelineChild
{
    public static async Task<PipelineFigures> RunAsync(Uri hub, string storage, string etcd, string data, int tags, bool inMemory, CancellationToken cancellationToken, bool push = true)
    {
        var args = new List<string> { "pipeline-run", "--hub", hub.ToString(), "--storage", storage, "--etcd", etcd, "--data", data,
            "--tags", tags.ToString(CultureInfo.InvariantCulture) };
        if (inMemory)
        {
            args.Add("--in-memory");
        }
        if (!push)
        {
            args.Add("--no-push");
        }
        return PipelineFigures.Parse(await BenchProcess.RunAsync(args, cancellationToken));
    }
}
