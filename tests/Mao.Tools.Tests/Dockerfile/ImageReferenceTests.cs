using Mao.Tools.Dockerfile.Linting;

namespace Mao.Tools.Tests.Dockerfile;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("alpine", "alpine", null, null)]
    [InlineData("alpine:3.20", "alpine", "3.20", null)]
    [InlineData("localhost:5000/team/app", "localhost:5000/team/app", null, null)]
    [InlineData("localhost:5000/team/app:1.2", "localhost:5000/team/app", "1.2", null)]
    [InlineData("debian@sha256:abc", "debian", null, "sha256:abc")]
    [InlineData("mcr.microsoft.com/windows/servercore:ltsc2022@sha256:abc", "mcr.microsoft.com/windows/servercore", "ltsc2022", "sha256:abc")]
    public void Parse_SplitsNameTagAndDigest(string text, string name, string? tag, string? digest)
    {
        Assert.Equal(new ImageReference(name, tag, digest), ImageReference.Parse(text));
    }

    [Fact]
    public void IsScratch_IgnoresCase()
    {
        Assert.True(ImageReference.Parse("SCRATCH").IsScratch);
        Assert.False(ImageReference.Parse("scratchy").IsScratch);
    }
}
