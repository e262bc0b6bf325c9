using Mao.Core;
using Mao.Core.Model;
using Mao.Tools.Dockerfile.Linting;
using Mao.Tools.Manifests;
using Microsoft.Extensions.Options;

namespace Mao.Orchestrations.ToolRuns;

/// <summary>
/// dockerfile-lint as units: one Dockerfile each, "file:&lt;path under the folder&gt;" or "url:&lt;url&gt;". The target in
/// the records is that relative path (with '/') or the URL, never a site's own absolute path, so two sites linting the
/// same files produce the same records and their round can verify them.
/// </summary>
public sealed class DockerfileLintUnits(IOptions<DockerfileLintOptions> options, IHttpClientFactory http) : IToolUnits
{
    public const string HttpClientName = "dockerfile-lint";
    private const string FilePrefix = "file:";
    private const string UrlPrefix = "url:";
    private static readonly DockerfileLinter Linter = new();

    public ToolManifest Manifest => ToolManifests.DockerfileLint;

    public Task<ToolRunPlan> PlanAsync(string period, Func<string, UnitFetch, Task> fetched, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IEnumerable<string> units = settings.Folder.Length > 0
            ? Directory.EnumerateFiles(Folder(), "*", SearchOption.AllDirectories).Where(IsDockerfile)
                .Select(path => FilePrefix + Path.GetRelativePath(Folder(), path).Replace(Path.DirectorySeparatorChar, '/'))
            : settings.Urls.Where(u => u.Length > 0).Select(u => UrlPrefix + u);
        var planned = units.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (planned.Count == 0)
        {
            throw new MaoFormatException("dockerfile-lint run", $"nothing to lint: {DockerfileLintOptions.Section}:Folder ('{settings.Folder}') has no Dockerfiles and no Urls are set");
        }
        return Task.FromResult(new ToolRunPlan(planned, OpenEnded: false));
    }

    public async Task<UnitFetch> FetchAsync(string unit, CancellationToken cancellationToken)
    {
        string target, text;
        if (unit.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            target = unit[FilePrefix.Length..];
            var path = Path.GetFullPath(Path.Combine(Folder(), target));
            // The unit name comes from storage: it must not lead outside the configured folder.
            if (!path.StartsWith(Folder() + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new MaoFormatException("dockerfile-lint run", $"unit {unit} is outside the folder {Folder()}");
            }
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        else
        {
            target = unit[UrlPrefix.Length..];
            text = await http.CreateClient(HttpClientName).GetStringAsync(new Uri(target), cancellationToken);
        }
        return new UnitFetch(LintSnapshot.Records(Linter.Lint(text, target)), More: false);
    }

    private string Folder() => Path.GetFullPath(options.Value.Folder).TrimEnd(Path.DirectorySeparatorChar);

    private static bool IsDockerfile(string path)
    {
        var name = Path.GetFileName(path);
        return name == "Dockerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal) || name.EndsWith(".Dockerfile", StringComparison.Ordinal);
    }
}
