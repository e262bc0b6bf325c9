using System.CommandLine;
using System.Text.Json;
using Mao.Core;
using Mao.Core.Verification;
using Mao.Federation.Dcc;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao verify &lt;git repo or folder&gt; [--branches b1 b2 ...] [--format native|dcc] [--out folder] [--into main] [--policy p.json] [--json]`:
/// ground truth from the consensus prototype's layout (one branch or sub-folder per site).
/// </summary>
public sealed class VerifyCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly TextWriter _output;

    public VerifyCommand() : this(Console.Out)
    {
    }

    /// <summary>A command that prints to <paramref name="output"/> (tests run it in-process on a string writer).</summary>
    public VerifyCommand(TextWriter output) => _output = output;

    public Command Build()
    {
        var input = new Argument<string>("input") { Description = "A git repository with one branch per site, or a folder with one sub-folder per site" };
        var branches = new Option<string[]>("--branches") { Description = "The sites that vote (default: every branch but --into, or every sub-folder)", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = "native (JSON lines + CSV with support and dissent) or dcc (the prototype's files)", DefaultValueFactory = _ => "native" };
        format.AcceptOnlyFromAmong("native", "dcc");
        var output = new Option<string?>("--out") { Description = "Write the ground truth to this folder (required for a folder input; for git, instead of committing)" };
        var into = new Option<string>("--into") { Description = "Branch that receives the ground truth of a git input", DefaultValueFactory = _ => "main" };
        var policy = new Option<string?>("--policy") { Description = "Vote policy JSON file (see docs/verification.md); default: the careful defaults" };
        var json = new Option<bool>("--json") { Description = "Print the totals, per-site tallies and written files as JSON instead of tables" };
        var command = new Command("verify",
            "Compute ground truth from several sites' snapshots: per record and field, the value most sites agree on, with its " +
            "support and dissent. Input is the consensus prototype's layout: a git repository with one branch per site, or a " +
            "folder with one sub-folder per site (see docs/verification.md)")
        {
            input, branches, format, output, into, policy, json,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(json), () => new DccVerifyRequest(
            parse.GetValue(input)!,
            parse.GetValue(branches) is { Length: > 0 } b ? b : null,
            parse.GetValue(format) == "dcc" ? DccOutputFormat.Dcc : DccOutputFormat.Native,
            parse.GetValue(output),
            parse.GetValue(into)!,
            parse.GetValue(policy) is { } p ? LoadPolicy(p) : null), cancellation)));
        return command;
    }

    /// <summary>Our policy JSON, or a policy in the earlier prototype's VDX schema.</summary>
    private static VotePolicy LoadPolicy(string path)
    {
        if (!File.Exists(path))
        {
            throw new MaoFormatException(path, "policy file not found");
        }
        var json = File.ReadAllText(path);
        return VdxPolicy.IsVdx(json) ? VdxPolicy.Parse(json, path) : VotePolicy.Parse(json, path);
    }

    private int Run(bool json, Func<DccVerifyRequest> buildRequest, CancellationToken cancellation)
    {
        DccVerifyRequest? request = null;
        try
        {
            request = buildRequest();
            var result = ProgressConsole.Open() is { } progress
                ? WithProgress(progress, request, cancellation)
                : DccVerification.Run(request, cancellation: cancellation);
            if (json)
            {
                _output.WriteLine(JsonSerializer.Serialize(JsonReport(result), Indented));
            }
            else
            {
                Report(result);
            }
            return 0;
        }
        catch (MaoFormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException)
        {
            // Unreadable files, a locked repository: a message, not a stack trace.
            Console.Error.WriteLine($"error: {request?.Input}: {e.Message}");
            return 1;
        }
    }

    /// <summary>What the tables show, for scripts: totals per prefix with each site's tally, and where the files went.</summary>
    private static object JsonReport(DccVerifyResult result) => new
    {
        result.Sites,
        Prefixes = result.Summaries.Select(s => new
        {
            Prefix = s.Tool, s.Records, Kept = s.RecordsEmitted, BelowQuorum = s.RecordsBelowQuorum, Dropped = s.RecordsDropped,
            ContestedFields = s.FieldsContested, Sites = s.Tallies,
        }),
        result.Files,
        result.Folder,
        result.Branch,
        result.Commit,
    };

    private static DccVerifyResult WithProgress(IAnsiConsole console, DccVerifyRequest request, CancellationToken cancellation)
    {
        DccVerifyResult? result = null;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = DccVerification.Run(request, (prefix, done, total) =>
                {
                    if (!tasks.TryGetValue(prefix, out var task))
                    {
                        tasks[prefix] = task = context.AddTask($"verifying {Markup.Escape(prefix)}", maxValue: Math.Max(1, total));
                    }
                    task.Value = Math.Min(done, total);
                }, cancellation);
            });
        return result!;
    }

    private static void Report(DccVerifyResult result)
    {
        var table = new Table().AddColumns("prefix", "records", "kept", "below quorum", "dropped", "contested fields");
        foreach (var s in result.Summaries)
        {
            table.AddRow(Markup.Escape(s.Tool), $"{s.Records}", $"{s.RecordsEmitted}", $"{s.RecordsBelowQuorum}", $"{s.RecordsDropped}", $"{s.FieldsContested}");
        }
        AnsiConsole.MarkupLineInterpolated($"verified {result.Summaries.Count} prefix(es) from {result.Sites.Count} sites: {string.Join(", ", result.Sites)}");
        AnsiConsole.Write(table);
        var agreement = new Table().AddColumns("site", "records seen", "agreed", "dissented");
        foreach (var tally in result.Summaries.SelectMany(s => s.Tallies).GroupBy(t => t.Site))
        {
            agreement.AddRow(Markup.Escape(tally.Key), $"{tally.Sum(t => t.RecordsSeen)}", $"{tally.Sum(t => t.Agreed)}", $"{tally.Sum(t => t.Dissented)}");
        }
        AnsiConsole.Write(agreement);
        var where = result.Commit is not null ? $"branch {result.Branch} at {result.Commit[..12]}" : result.Folder;
        AnsiConsole.MarkupLineInterpolated($"wrote {string.Join(", ", result.Files)} to {where}");
    }
}
