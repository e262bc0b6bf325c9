using System.CommandLine;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Tools.Gateway;

namespace Mao.Cli.Commands;

/// <summary>
/// `mao gateway register &lt;manifest.json&gt; [--data DIR] [--replace]`: registers an external tool with this site's
/// gateway and prints its key once (only the key's SHA-256 is stored). Exit code 0 on success, 2 on bad input.
/// </summary>
public sealed class GatewayCommand : ICliCommand
{
    public Command Build()
    {
        var manifest = new Argument<string>("manifest") { Description = "The tool's manifest (mao.tool/1 JSON)" };
        var data = new Option<string?>("--data") { Description = "Site data folder (MAO_DATA_DIR; default ./.mao-site)" };
        var replace = new Option<bool>("--replace") { Description = "Replace an existing registration: a new key, the old one stops working" };
        var register = new Command("register", "Register an external tool and print its key (shown once)") { manifest, data, replace };
        register.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data) ?? Environment.GetEnvironmentVariable("MAO_DATA_DIR") ?? Path.Combine(Environment.CurrentDirectory, ".mao-site");
            return await RegisterAsync(parse.GetValue(manifest)!, folder, parse.GetValue(replace), Console.Out, Console.Error, cancellationToken);
        });
        var gateway = new Command("gateway", "The gateway where tools running elsewhere submit snapshots (POST /api/tools/{tool}/snapshots)");
        gateway.Subcommands.Add(register);
        return gateway;
    }

    public static async Task<int> RegisterAsync(string manifestPath, string dataDirectory, bool replace, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        try
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MaoFormatException(manifestPath, $"cannot read the manifest: {e.Message}");
            }
            var tool = MaoJson.Parse<ToolManifest>(bytes, manifestPath);
            tool.Validate(manifestPath);
            var registry = new FileToolRegistry(dataDirectory);
            var key = registry.Register(tool, replace);
            await output.WriteLineAsync($"registered tool '{tool.Name}' in {registry.FileOf(tool.Name)}");
            await output.WriteLineAsync($"key (shown once, keep it secret): {key}");
            return 0;
        }
        catch (MaoFormatException e)
        {
            await errors.WriteLineAsync($"mao gateway register: {e.Message}");
            return 2;
        }
    }
}
