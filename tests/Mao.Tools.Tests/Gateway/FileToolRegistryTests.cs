using Mao.Core;
using Mao.Core.Serialization;
using Mao.Testing;
using Mao.Tools.Gateway;
using Mao.Tools.Manifests;

namespace Mao.Tools.Tests.Gateway;

public sealed class FileToolRegistryTests : IDisposable
{
    private readonly TempFolder _data = new("mao-registry");

    [Fact]
    public void Register_ThenFind_ReturnsManifestAndTheKeysHashOnly()
    {
        var registry = new FileToolRegistry(_data.Path);

        var key = registry.Register(ToolManifests.AwsSar);

        var found = registry.Find("aws-sar");
        Assert.NotNull(found);
        Assert.Equal(ToolManifests.AwsSar.Name, found.Manifest.Name);
        Assert.True(found.Manifest.Schema.Equivalent(ToolManifests.AwsSar.Schema));
        Assert.Equal(RegisteredTool.HashKey(key), found.KeySha256);
        var file = File.ReadAllText(_data.Combine("gateway", "tools", "aws-sar.json"));
        Assert.DoesNotContain(key, file);
        Assert.Contains(Convert.ToHexStringLower(RegisteredTool.HashKey(key)), file);
    }

    [Fact]
    public void Register_File_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes there
        }
        var registry = new FileToolRegistry(_data.Path);
        registry.Register(ToolManifests.AwsSar);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(registry.FileOf("aws-sar")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(registry.Folder));
    }

    [Fact]
    public void Register_Twice_RefusesAndKeepsTheOldKey()
    {
        var registry = new FileToolRegistry(_data.Path);
        var key = registry.Register(ToolManifests.AwsSar);

        var e = Assert.Throws<MaoFormatException>(() => registry.Register(ToolManifests.AwsSar));

        Assert.Contains("registered already", e.Message);
        Assert.Equal(RegisteredTool.HashKey(key), registry.Find("aws-sar")!.KeySha256);
    }

    [Fact]
    public void Register_Replace_RevokesTheOldKey()
    {
        var registry = new FileToolRegistry(_data.Path);
        var old = registry.Register(ToolManifests.AwsSar);

        var fresh = registry.Register(ToolManifests.AwsSar, replace: true);

        Assert.NotEqual(old, fresh);
        Assert.Equal(RegisteredTool.HashKey(fresh), registry.Find("aws-sar")!.KeySha256);
        Assert.Single(Directory.GetFiles(registry.Folder));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("../gateway/tools/aws-sar")]
    [InlineData("AWS-SAR")]
    public void Find_UnknownOrInvalidName_IsNull(string name)
    {
        var registry = new FileToolRegistry(_data.Path);
        registry.Register(ToolManifests.AwsSar);

        Assert.Null(registry.Find(name));
    }

    [Fact]
    public void Find_BadJson_NamesTheFile()
    {
        var registry = new FileToolRegistry(_data.Path);
        Directory.CreateDirectory(registry.Folder);
        File.WriteAllText(registry.FileOf("broken"), "{\"manifest\": ");

        var e = Assert.Throws<MaoFormatException>(() => registry.Find("broken"));

        Assert.Contains(registry.FileOf("broken"), e.Message);
    }

    [Fact]
    public void Find_ManifestOfAnotherTool_NamesBothTools()
    {
        var registry = new FileToolRegistry(_data.Path);
        registry.Register(ToolManifests.AwsSar);
        File.Copy(registry.FileOf("aws-sar"), registry.FileOf("impostor"));

        var e = Assert.Throws<MaoFormatException>(() => registry.Find("impostor"));

        Assert.Contains("'impostor' holds the manifest of 'aws-sar'", e.Message);
    }

    [Fact]
    public void Find_MalformedKeyHash_SaysSo()
    {
        var registry = new FileToolRegistry(_data.Path);
        Directory.CreateDirectory(registry.Folder);
        File.WriteAllText(registry.FileOf("aws-sar"), MaoJson.Write(new ToolRegistration(ToolManifests.AwsSar, "XYZ")));

        var e = Assert.Throws<MaoFormatException>(() => registry.Find("aws-sar"));

        Assert.Contains("keySha256", e.Message);
    }

    public void Dispose() => _data.Dispose();
}
