using Mao.Federation.Configuration;
using Mao.Federation.Identity;

namespace Mao.Federation.Rounds;

/// <summary>The site's signing key and its operator API key, both kept in the data folder with owner-only permissions.</summary>
public static class SiteIdentity
{
    public const string ApiKeyFile = "api-key";

    public static SiteKeyPair LoadKey(FederationSettings settings) => SiteKeyPair.LoadOrCreate(settings.DataDirectory, settings.SiteId);

    /// <summary>MAO_API_KEY, or the key in &lt;data&gt;/api-key, created (random, mode 600) on first use.</summary>
    public static string ApiKey(FederationSettings settings)
    {
        if (settings.ApiKey is { } configured)
        {
            return configured;
        }
        Directory.CreateDirectory(settings.DataDirectory);
        var path = Path.Combine(settings.DataDirectory, ApiKeyFile);
        if (!File.Exists(path))
        {
            OwnerOnlyFile.TryCreate(path, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        }
        return File.ReadAllText(path).Trim();
    }
}
