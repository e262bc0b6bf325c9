using System.CommandLine;
using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Tools.ArtifactHub;
using Mao.Tools.Crawling;
using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Sar;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao crawl &lt;dockerhub|artifacthub|aws-sar&gt;`: runs one crawler against the real service (or --base-url),
/// prints progress and the run report, writes the snapshot as mao.snapshot/1 JSON lines. Settings also come from
/// MAO__* environment variables (MAO__DOCKERHUB__HUBBASEURL, MAO__HTTP__MAXCONCURRENCY, ...).
/// </summary>
public sealed class CrawlCommand : ICliCommand
{
    private static readonly string[] Sources = ["dockerhub", "artifacthub", "aws-sar"];
    private static readonly JsonSerializerOptions ReportJson = new(MaoJson.Options) { WriteIndented = true };

    public Command Build()
    {
        var source = new Argument<string>("source") { Description = "What to crawl: dockerhub, artifacthub or aws-sar" };
        source.AcceptOnlyFromAmong(Sources);
        var output = new Option<FileInfo?>("--out") { Description = "Write the snapshot here (JSON lines); default: print a summary only" };
        var namespaces = new Option<string[]>("--namespace") { Description = "Docker Hub namespace to crawl (repeatable; default library)", AllowMultipleArgumentsPerToken = true };
        var baseUrl = new Option<string?>("--base-url") { Description = "API base address instead of the real service (Hub API, Artifact Hub or SAR)" };
        var registryUrl = new Option<string?>("--registry-url") { Description = "Docker registry base address (default https://registry-1.docker.io)" };
        var authUrl = new Option<string?>("--auth-url") { Description = "Docker token service base address (default https://auth.docker.io)" };
        var previous = new Option<FileInfo?>("--previous") { Description = "The last kept snapshot: unchanged items are not fetched again, failures keep its records" };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "Checkpoint folder; running again with the same --crawl-id resumes" };
        var crawlId = new Option<string?>("--crawl-id") { Description = "Names the checkpoint (default: source and today's date)" };
        var site = new Option<string>("--site") { Description = "This site's id, written into the snapshot header", DefaultValueFactory = _ => "local" };
        var jsonOption = new Option<bool>("--json") { Description = "Print the run report (status, units, counters, errors) as JSON instead of text" };

        var command = new Command("crawl",
            "Crawl Docker Hub, Artifact Hub or the AWS Serverless Application Repository into a snapshot (one record per artefact). " +
            "Interrupted crawls resume from their checkpoint; exit 0 done, 3 partial, 4 paused, 1 failed");
        command.Arguments.Add(source);
        foreach (var option in new Option[] { output, namespaces, baseUrl, registryUrl, authUrl, previous, checkpoints, crawlId, site, jsonOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var which = parse.GetValue(source)!;
            var urls = new[] { ("--base-url", parse.GetValue(baseUrl)), ("--registry-url", parse.GetValue(registryUrl)), ("--auth-url", parse.GetValue(authUrl)) };
            foreach (var (name, value) in urls)
            {
                if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
                {
                    Console.Error.WriteLine($"{name}: '{value}' is not an absolute http(s) URL");
                    return 2;
                }
            }
            var settings = Settings(which, urls[0].Item2, urls[1].Item2, urls[2].Item2, parse.GetValue(namespaces) ?? []);
            var checkpointFolder = parse.GetValue(checkpoints)?.FullName ?? Path.Combine(Path.GetTempPath(), "mao-checkpoints");
            if (Environment.GetEnvironmentVariable("MAO__DOCKERHUB__MANIFESTCACHEDIRECTORY") is null)
            {
                // Manifests are kept by digest next to the checkpoints (the crawl's state), so each is pulled once ever.
                settings["Mao:DockerHub:ManifestCacheDirectory"] = Path.Combine(checkpointFolder, "registry-manifests");
            }
            await using var services = CrawlerServices.Build(settings);
            var previousSnapshot = parse.GetValue(previous) is { } file ? SnapshotJsonLines.Read(File.ReadAllBytes(file.FullName), file.FullName) : null;
            var now = DateTimeOffset.UtcNow;
            var id = parse.GetValue(crawlId) ?? $"{which}/{now:yyyy-MM-dd}";
            var store = new FileCheckpointStore(checkpointFolder);
            var siteId = Identifier.Validate(parse.GetValue(site), "site", "--site");
            Task<CrawlResult> Crawl(IProgress<CrawlProgress> progress)
            {
                var request = new CrawlRequest(siteId, id, now, previousSnapshot, progress);
                return which switch
                {
                    "dockerhub" => services.GetRequiredService<DockerHubCrawler>().CrawlAsync(request, store, cancellationToken),
                    "artifacthub" => services.GetRequiredService<ArtifactHubCrawler>().CrawlAsync(request, store, cancellationToken),
                    _ => services.GetRequiredService<SarCrawler>().CrawlAsync(request, store, cancellationToken),
                };
            }
            // A terminal gets one live line (units, records, the unit at hand); a log gets one line per unit, both on stderr.
            var result = ProgressConsole.Open() is { } console
                ? await console.Status().Spinner(Spinner.Known.Dots).StartAsync($"crawling {which}...",
                    context => Crawl(new Progress<CrawlProgress>(p => context.Status(Markup.Escape($"crawling {which}: {p.UnitsDone} units, {p.Records} records ({p.Unit})")))))
                : await Crawl(new LineProgress());
            var json = parse.GetValue(jsonOption);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(result.Report, ReportJson));
            }
            else
            {
                PrintReport(result.Report);
            }
            if (result.IsNew && parse.GetValue(output) is { } target && result.Snapshot is { } snapshot)
            {
                await using (var stream = File.Create(target.FullName))
                {
                    SnapshotJsonLines.Write(snapshot, stream);
                }
                // With --json, stdout holds only the report.
                (json ? Console.Error : Console.Out).WriteLine($"wrote {snapshot.Records.Count} records to {target.FullName} (content id {snapshot.ContentId})");
                await store.ClearAsync(id, cancellationToken);
            }
            return result.Report.Status switch
            {
                CrawlStatus.Succeeded => 0,
                CrawlStatus.Partial => 3,
                CrawlStatus.Paused => 4,
                _ => 1,
            };
        });
        return command;
    }

    private static Dictionary<string, string?> Settings(string source, string? baseUrl, string? registryUrl, string? authUrl, string[] namespaces)
    {
        var settings = new Dictionary<string, string?>();
        var section = source switch { "dockerhub" => "Mao:DockerHub:HubBaseUrl", "artifacthub" => "Mao:ArtifactHub:BaseUrl", _ => "Mao:Sar:BaseUrl" };
        if (baseUrl is not null)
        {
            settings[section] = baseUrl;
        }
        if (registryUrl is not null)
        {
            settings["Mao:DockerHub:RegistryBaseUrl"] = registryUrl;
        }
        if (authUrl is not null)
        {
            settings["Mao:DockerHub:AuthBaseUrl"] = authUrl;
        }
        for (var i = 0; i < namespaces.Length; i++)
        {
            settings[$"Mao:DockerHub:Namespaces:{i}"] = namespaces[i];
        }
        return settings;
    }

    private static void PrintReport(CrawlRunReport report)
    {
        Console.WriteLine($"{report.Tool}: {report.Status} - {report.Summary}");
        Console.WriteLine($"  units fetched {report.FetchedUnits}, resumed {report.ResumedUnits}, unchanged {report.UnchangedUnits}, carried over {report.CarriedOverUnits}");
        if (report.IncompleteUnits.Count > 0)
        {
            Console.WriteLine($"  incomplete (fetched in part, the previous snapshot fills in): {string.Join(", ", report.IncompleteUnits.Take(20))}");
        }
        foreach (var (name, value) in report.Counters)
        {
            Console.WriteLine($"  {name}: {value}");
        }
        foreach (var error in report.Errors.Take(20))
        {
            Console.WriteLine($"  error [{error.Unit}] {error.Kind}{(error.Status is { } s ? $" HTTP {s}" : "")}: {error.Url}: {error.Message}");
        }
        if (report.Errors.Count > 20)
        {
            Console.WriteLine($"  ... and {report.Errors.Count - 20} more errors");
        }
    }

    /// <summary>One line per unit on stderr, so stdout stays clean for the report.</summary>
    private sealed class LineProgress : IProgress<CrawlProgress>
    {
        public void Report(CrawlProgress value) =>
            Console.Error.WriteLine($"  [{value.UnitsDone}] {value.Unit}: {value.Records} records so far");
    }
}
