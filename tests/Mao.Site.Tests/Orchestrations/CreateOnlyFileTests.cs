using Mao.Orchestrations.Local;
using Mao.Testing;

namespace Mao.Site.Tests.Orchestrations;

public sealed class CreateOnlyFileTests : IDisposable
{
    private readonly TempFolder _folder = new("mao-createonly");

    [Fact]
    public async Task WriteAsync_NewFile_Creates()
    {
        var path = _folder.Combine("a", "b.json");
        Assert.Equal(CreateOnlyFile.Outcome.Created, await CreateOnlyFile.WriteAsync(path, [1, 2], CancellationToken.None));
        Assert.Equal([1, 2], await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task WriteAsync_SameBytesAgain_ReportsAlreadyThere()
    {
        var path = _folder.Combine("b.json");
        await CreateOnlyFile.WriteAsync(path, [1, 2], CancellationToken.None);
        Assert.Equal(CreateOnlyFile.Outcome.AlreadyThere, await CreateOnlyFile.WriteAsync(path, [1, 2], CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_DifferentBytes_RefusesAndKeepsTheOriginal()
    {
        var path = _folder.Combine("c.json");
        await CreateOnlyFile.WriteAsync(path, [1, 2], CancellationToken.None);
        var error = await Assert.ThrowsAsync<IOException>(() => CreateOnlyFile.WriteAsync(path, [3], CancellationToken.None));
        Assert.Contains("refusing to overwrite", error.Message);
        Assert.Equal([1, 2], await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task WriteAsync_RacingWriters_ExactlyOneCreates()
    {
        var path = _folder.Combine("d.json");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => CreateOnlyFile.WriteAsync(path, [7], CancellationToken.None))));
        Assert.Single(outcomes, o => o == CreateOnlyFile.Outcome.Created);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    public void Dispose() => _folder.Dispose();
}
