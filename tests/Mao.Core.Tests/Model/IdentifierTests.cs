using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Model;

namespace Mao.Core.Tests.Model;

/// <summary>Ids become etcd keys, blob names, branch names and folder names: nothing but the allowed characters may pass.</summary>
public sealed class IdentifierTests
{
    [Theory]
    [InlineData("nl1\n")]
    [InlineData("probe-a\n")]
    [InlineData("a\r\n")]
    [InlineData("\nabc")]
    [InlineData("ab\0c")]
    [InlineData("ab\tc")]
    [InlineData("a\u0085b")]
    [InlineData("a\u2028b")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("A")]
    [InlineData("")]
    public void IsValid_ControlCharactersSeparatorsAndPathTricks_AreRefused(string id) => Assert.False(Identifier.IsValid(id));

    [Theory]
    [InlineData("site-a")]
    [InlineData("2020-02-16")]
    [InlineData("dockerhub-arch")]
    [InlineData("a")]
    public void IsValid_PlainIds_Pass(string id) => Assert.True(Identifier.IsValid(id));

    [Property(MaxTest = 2000)]
    public bool IsValid_AnyStringWithAControlCharacter_IsRefused(NonEmptyString text, char control)
    {
        var c = (char)(control % 32);
        var id = "a" + text.Get + c;
        return !Identifier.IsValid(id) && !Identifier.IsValid(c + "a") && !Identifier.IsValid("a" + c + "b");
    }

    [Fact]
    public void Validate_ControlCharacter_IsShownAsAQuestionMarkInTheError()
    {
        var error = Assert.Throws<MaoFormatException>(() => Identifier.Validate("nl1\n", "round id", "start request"));
        Assert.Contains("'nl1?'", error.Message, StringComparison.Ordinal);
    }
}
