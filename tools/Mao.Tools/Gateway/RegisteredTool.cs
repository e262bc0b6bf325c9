using System.Security.Cryptography;
using System.Text;
using Mao.Core.Model;

namespace Mao.Tools.Gateway;

/// <summary>An external tool the gateway accepts snapshots for: its manifest and the SHA-256 of its key (never the key).</summary>
public sealed record RegisteredTool(ToolManifest Manifest, byte[] KeySha256)
{
    public static RegisteredTool WithKey(ToolManifest manifest, string key) => new(manifest, HashKey(key));

    public static byte[] HashKey(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>A fresh random key to hand to a tool's operator (shown once; only its hash is kept).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Looks up registered tools by name; the federation's registry implements it later, an in-memory one serves tests and single sites.</summary>
public interface IToolRegistry
{
    RegisteredTool? Find(string toolName);
}

public sealed class InMemoryToolRegistry(IEnumerable<RegisteredTool> tools) : IToolRegistry
{
    private readonly Dictionary<string, RegisteredTool> _tools = tools.ToDictionary(t => t.Manifest.Name, StringComparer.Ordinal);

    public RegisteredTool? Find(string toolName) => _tools.GetValueOrDefault(toolName);
}
