using Mao.Cli.Commands;
using Mao.Core.Serialization;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Mao.Tools.Gateway;

namespace Mao.Site.Tests.Gateway;

/// <summary>`mao gateway register`: the printed key is the one the registry accepts; bad manifests name the file.</summary>
public sealed class GatewayRegisterCommandTests : IDisposable
{
    private readonly TempFolder _folder = new("mao-register");

    [Fact]
    public async Task RegisterAsync_ValidManifest_PrintsAKeyTheRegistryAccepts()
    {
        var manifest = _folder.Combine("bench.tool.json");
        await File.WriteAllTextAsync(manifest, MaoJson.Write(GatewayClient.Manifest));
        var output = new StringWriter();

        var exit = await GatewayCommand.RegisterAsync(manifest, _folder.Combine("data"), replace: false, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        var key = output.ToString().Split('\n').Single(l => l.StartsWith("key", StringComparison.Ordinal)).Split(": ")[1].Trim();
        Assert.Equal(RegisteredTool.HashKey(key), new FileToolRegistry(_folder.Combine("data")).Find("bench")!.KeySha256);
    }

    [Fact]
    public async Task RegisterAsync_ManifestWithUnknownField_Exit2NamingTheFile()
    {
        var manifest = _folder.Combine("bad.tool.json");
        await File.WriteAllTextAsync(manifest, MaoJson.Write(GatewayClient.Manifest).Replace("\"name\"", "\"extra\":1,\"name\""));
        var errors = new StringWriter();

        var exit = await GatewayCommand.RegisterAsync(manifest, _folder.Combine("data"), replace: false, TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains(manifest, errors.ToString());
        Assert.False(Directory.Exists(_folder.Combine("data", "gateway")));
    }

    [Fact]
    public async Task RegisterAsync_MissingManifest_Exit2()
    {
        var errors = new StringWriter();

        var exit = await GatewayCommand.RegisterAsync(_folder.Combine("none.json"), _folder.Combine("data"), false, TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("cannot read the manifest", errors.ToString());
    }

    public void Dispose() => _folder.Dispose();
}
