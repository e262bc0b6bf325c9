using System.CommandLine;
using System.Net.Http.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao smoke`: starts a site host in this process on the given storage (Azurite by default), runs one consensus
/// round over real recorded AWS SAR catalogue days through the host's HTTP API, and prints the result.
/// Peers: site-b answers with the same day, site-c with the day before, site-d accepts, site-e never answers.
/// </summary>
public sealed class SmokeCommand : ICliCommand
{
    public Command Build()
    {
        var storage = new Option<string?>("--storage") { Description = "Azure Storage connection string (MAO_STORAGE_CONNECTION; default Azurite on its default ports)" };
        var data = new Option<string?>("--data") { Description = "Folder for the sites' data (default: a new temp folder, removed afterwards)" };
        var sarDir = new Option<string?>("--sar-dir") { Description = "Folder with autocontents-2020-02-15.csv and -16.csv (default recorded/data/aws-sar)" };
        var window = new Option<int>("--window") { Description = "Seconds the round waits for answers", DefaultValueFactory = _ => 8 };
        var smoke = new Command("smoke", "Run one consensus round on a durable site host over real recorded data and print the result")
            { storage, data, sarDir, window };
        smoke.SetAction((parse, ct) => RunAndPrintAsync(parse.GetValue(storage), parse.GetValue(data), parse.GetValue(sarDir), parse.GetValue(window), ct));
        return smoke;
    }

    /// <summary>
    /// The whole smoke run, for `mao smoke` and for `mao demo` to call: null arguments take the defaults
    /// (MAO_STORAGE_CONNECTION or Azurite's default ports; a temp folder removed afterwards; recorded/data/aws-sar).
    /// </summary>
    /// <returns>The process exit code: 0 when the round completed and was published.</returns>
    public static async Task<int> RunAndPrintAsync(string? storage, string? data, string? sarDir, int windowSeconds, CancellationToken ct)
    {
        var connection = storage ?? Environment.GetEnvironmentVariable("MAO_STORAGE_CONNECTION") ?? "UseDevelopmentStorage=true";
        var root = data ?? Path.Combine(Path.GetTempPath(), $"mao-smoke-{Guid.NewGuid():N}");
        try
        {
            var result = await RunAsync(connection, root, sarDir ?? SmokeData.FindFolder(), windowSeconds, ct);
            Print(result, keep: data is not null);
            return result.Published ? 0 : 1;
        }
        finally
        {
            if (data is null && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    internal static async Task<RoundResult> RunAsync(string connection, string root, string sarDir, int windowSeconds, CancellationToken ct)
    {
        var day15 = Path.Combine(sarDir, "autocontents-2020-02-15.csv");
        var day16 = Path.Combine(sarDir, "autocontents-2020-02-16.csv");
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var options = new SiteOptions
        {
            SiteId = "site-a",
            DataDirectory = Path.Combine(root, "site-a"),
            ApiPort = 0,
            GrpcPort = 0,
            StorageConnectionString = connection,
            TaskHub = $"maosmoke{stamp}",
            SchedulerEnabled = false,
            // A fresh task hub with one partition, taken within seconds: the round starts at once.
            Durable = new DurableTuning
            {
                PartitionCount = 1,
                LeaseInterval = TimeSpan.FromSeconds(10),
                LeaseRenewInterval = TimeSpan.FromSeconds(3),
                LeaseAcquireInterval = TimeSpan.FromSeconds(3),
            },
        };
        AnsiConsole.MarkupLine($"[grey]starting site host (task hub {options.TaskHub}) on {Markup.Escape(Shorten(connection))}[/]");
        await using var site = await SiteHost.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(), cancellationToken: ct);

        var own = await site.Services.GetRequiredService<FolderSnapshotSource>()
            .SaveOwnAsync(SmokeData.Read(day16, "site-a", new DateTimeOffset(2020, 2, 16, 12, 0, 0, TimeSpan.Zero)), ct);
        var peerB = await WritePeerAsync(root, SmokeData.Read(day16, "site-b", new DateTimeOffset(2020, 2, 16, 12, 5, 0, TimeSpan.Zero)), ct);
        var peerC = await WritePeerAsync(root, SmokeData.Read(day15, "site-c", new DateTimeOffset(2020, 2, 15, 12, 0, 0, TimeSpan.Zero)), ct);

        using var http = new HttpClient { BaseAddress = site.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        var roundId = $"aws-sar-smoke-{stamp}";
        await PostAsync(http, "api/rounds", new StartRoundBody(SmokeData.Tool, roundId, own, ["site-b", "site-c", "site-d", "site-e"],
            AnswerWindowSeconds: windowSeconds), ct);
        await PostAsync(http, $"api/rounds/{roundId}/answers", new RoundAnswer("site-b", false, peerB), ct);
        await PostAsync(http, $"api/rounds/{roundId}/answers", new RoundAnswer("site-c", false, peerC), ct);
        await PostAsync(http, $"api/rounds/{roundId}/answers", new RoundAnswer("site-d", true), ct);
        AnsiConsole.MarkupLine($"[grey]round {roundId}: 3 of 4 peers answered, waiting {windowSeconds} s for site-e[/]");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(windowSeconds + 60));
        var done = await site.Client.WaitForInstanceCompletionAsync(roundId, getInputsAndOutputs: true, deadline.Token);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? done.ReadOutputAs<RoundResult>()!
            : throw new InvalidOperationException($"round {roundId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
    }

    private static async Task<SnapshotPointer> WritePeerAsync(string root, Snapshot snapshot, CancellationToken ct)
    {
        var path = Path.Combine(root, "peers", snapshot.Header.Site, $"{snapshot.ContentId}.jsonl");
        await CreateOnlyFile.WriteAsync(path, SnapshotJsonLines.ToBytes(snapshot), ct);
        return new SnapshotPointer(snapshot.ContentId, path);
    }

    private static async Task PostAsync<T>(HttpClient http, string path, T body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, MaoJson.Options, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    internal static void Print(RoundResult result, bool keep)
    {
        var groundTruth = SnapshotJsonLines.Read(File.ReadAllBytes(result.GroundTruth.Location), result.GroundTruth.Location);
        var table = new Table().AddColumns("round", result.RoundId);
        table.AddRow("ground truth", $"{result.GroundTruth.ContentId[..16]}... ({groundTruth.Records.Count} records)");
        table.AddRow("support", string.Join(", ", result.Support));
        table.AddRow("accepted", string.Join(", ", result.Accepted));
        table.AddRow("answered", string.Join(", ", result.Answered));
        table.AddRow("timed out", string.Join(", ", result.TimedOut));
        table.AddRow("published", result.Published ? "yes (created by this run)" : "already published");
        AnsiConsole.Write(table);
        var count = groundTruth.Schema.IndexOf("deployment_count");
        var top = new Table().AddColumns("most deployed (mean of sites)", "deployments");
        foreach (var record in groundTruth.Records.OrderByDescending(r => r.Values[count].IsMissing ? 0 : r.Values[count].Number).Take(5))
        {
            top.AddRow(Markup.Escape(record.Values[0].ToString()), record.Values[count].IsMissing ? "" : record.Values[count].Number.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(top);
        AnsiConsole.MarkupLine(keep
            ? $"[grey]published: {Markup.Escape(result.GroundTruth.Location)}[/]"
            : "[grey]the sites' data folders are removed now; pass --data DIR to keep them[/]");
    }

    private static string Shorten(string connection) =>
        connection.Contains("AccountKey=", StringComparison.Ordinal) ? connection[..connection.IndexOf("AccountKey=", StringComparison.Ordinal)] + "..." : connection;
}
