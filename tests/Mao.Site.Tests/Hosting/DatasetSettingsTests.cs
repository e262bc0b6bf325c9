using Mao.Core;
using Mao.Federation.Configuration;
using Mao.Federation.Git;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Hosting;

public sealed class DatasetSettingsTests
{
    private static FederationSettings From(params (string Key, string Value)[] settings)
    {
        var all = settings.Append(("MAO_SITE_ID", "site-a")).Append(("MAO_STORAGE_CONNECTION", "UseDevelopmentStorage=true"));
        return FederationSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(all.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());
    }

    [Fact]
    public void MaxPacks_ReadFromTheEnvironment_DefaultWhenAbsent()
    {
        var set = From(("MAO_GIT_MAX_PACKS", "3"));
        set.Validate();

        Assert.Equal(3, set.MaxDatasetPacks);
        Assert.Equal(DatasetRepository.DefaultMaxPacks, From().MaxDatasetPacks);
    }

    [Theory]
    [InlineData("0", "below 1")]
    [InlineData("-2", "below 1")]
    [InlineData("eight", "not a whole number")]
    public void MaxPacks_Unusable_RefusedNamingTheSetting(string value, string problem)
    {
        var error = Assert.Throws<MaoFormatException>(() => From(("MAO_GIT_MAX_PACKS", value)).Validate());

        Assert.Contains("MAO_GIT_MAX_PACKS", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
