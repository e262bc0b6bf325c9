using System.Globalization;
using Mao.Core;
using Mao.Federation.Git;
using Microsoft.Extensions.Configuration;

namespace Mao.Federation.Configuration;

/// <summary>Upkeep of the site's git datasets.</summary>
public sealed partial class FederationSettings
{
    /// <summary>MAO_GIT_MAX_PACKS: packs a dataset repository keeps; the upkeep that finds more merges them into one.</summary>
    public int MaxDatasetPacks { get; set; } = DatasetRepository.DefaultMaxPacks;

    private void ReadDatasets(IConfiguration configuration)
    {
        if ((configuration["Mao:Git:MaxPacks"] ?? configuration["MAO_GIT_MAX_PACKS"]) is { } maxPacks)
        {
            MaxDatasetPacks = int.TryParse(maxPacks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var packs)
                ? packs : throw new MaoFormatException(Where, $"MAO_GIT_MAX_PACKS '{maxPacks}' is not a whole number");
        }
    }

    private void ValidateDatasets()
    {
        if (MaxDatasetPacks < 1)
        {
            throw new MaoFormatException(Where, $"MAO_GIT_MAX_PACKS {MaxDatasetPacks} is below 1 (a dataset keeps at least one pack)");
        }
    }
}
