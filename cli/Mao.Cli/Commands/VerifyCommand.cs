using System.CommandLine;
using Mao.Core;
using Mao.Core.Verification;
using Mao.Federation.Dcc;
using Spectre.Console;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao verify &lt;git repo or folder&gt; [--branches b1 b2 ...] [--format native|dcc] [--out folder] [--into main] [--policy p.json]`:
/// ground truth from the consensus prototype's layout (one branch or sub-folder per site).
/// </summary>
public sealed class VerifyCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Argument<string>("input") { Description = "A git repository with one branch per site, or a folder with one sub-folder per site" };
        var branches = new Option<string[]>("--branches") { Description = "The sites that vote (default: every branch but --into, or every sub-folder)", AllowMultipleArgumentsPerToken = true };
        var format = new Option<string>("--format") { Description = "native (JSON lines + CSV with support and dissent) or dcc (the prototype's files)", DefaultValueFactory = _ => "native" };
        format.AcceptOnlyFromAmong("native", "dcc");
        var output = new Option<string?>("--out") { Description = "Write the ground truth to this folder (required for a folder input; for git, instead of committing)" };
        var into = new Option<string>("--into") { Description = "Branch that receives the ground truth of a git input", DefaultValueFactory = _ => "main" };
        var policy = new Option<string?>("--policy") { Description = "Vote policy JSON file (see docs/verification.md); default: the careful defaults" };
        var command = new Command("verify", "Compute ground truth from several sites' snapshots (the consensus prototype's git or folder layout)")
        {
            input, branches, format, output, into, policy,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(() => new DccVerifyRequest(
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

    private static int Run(Func<DccVerifyRequest> buildRequest, CancellationToken cancellation)
    {
        DccVerifyRequest? request = null;
        try
        {
            request = buildRequest();
            var result = AnsiConsole.Profile.Capabilities.Interactive
                ? WithProgress(request, cancellation)
                : DccVerification.Run(request, cancellation: cancellation);
            Report(result);
            return 0;
        }
        catch (MaoFormatException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibGit2Sharp.LibGit2SharpException)
        {
            // Unreadable files, a locked repository: a message, not a stack trace.
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {request?.Input}: {e.Message}");
            return 1;
        }
    }

    private static DccVerifyResult WithProgress(DccVerifyRequest request, CancellationToken cancellation)
    {
        DccVerifyResult? result = null;
        AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
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
