using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Tools.Gateway;

/// <summary>One registration file: the tool's manifest and the SHA-256 (lower-case hex) of its key.</summary>
public sealed record ToolRegistration(ToolManifest Manifest, string KeySha256);

/// <summary>
/// Registered tools as files in a site's data folder, <c>&lt;data&gt;/gateway/tools/&lt;tool&gt;.json</c>, owner-only
/// (0600 in a 0700 folder) because they hold key hashes. Read on every lookup, so a tool registered while the
/// site runs is accepted without a restart.
/// </summary>
public sealed class FileToolRegistry : IToolRegistry
{
    public FileToolRegistry(string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new ArgumentException("the tool registry needs the site data folder", nameof(dataDirectory));
        }
        Folder = Path.Combine(Path.GetFullPath(dataDirectory), "gateway", "tools");
    }

    public string Folder { get; }

    /// <summary>The registration file of a tool; the name is checked, so it cannot leave <see cref="Folder"/>.</summary>
    public string FileOf(string toolName) => Path.Combine(Folder, Identifier.Validate(toolName, "tool name", "tool registry") + ".json");

    /// <returns>The tool, or null when it is not registered (or the name is not a valid id). A broken file throws, naming it.</returns>
    public RegisteredTool? Find(string toolName)
    {
        if (!Identifier.IsValid(toolName))
        {
            return null;
        }
        var path = FileOf(toolName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var registration = MaoJson.Parse<ToolRegistration>(bytes, path);
        registration.Manifest.Validate(path);
        if (registration.Manifest.Name != toolName)
        {
            throw new MaoFormatException(path, $"file of tool '{toolName}' holds the manifest of '{registration.Manifest.Name}'");
        }
        if (registration.KeySha256.Length != 64 || !registration.KeySha256.All(char.IsAsciiHexDigitLower))
        {
            throw new MaoFormatException(path, "keySha256 is not 64 lower-case hex digits");
        }
        return new RegisteredTool(registration.Manifest, Convert.FromHexString(registration.KeySha256));
    }

    /// <summary>
    /// Registers a tool and returns its fresh key (shown once; only the hash is written). An existing registration is
    /// kept unless <paramref name="replace"/> is set, which also revokes the old key.
    /// </summary>
    public string Register(ToolManifest manifest, bool replace = false)
    {
        manifest.Validate("tool manifest");
        var path = FileOf(manifest.Name);
        if (File.Exists(path) && !replace)
        {
            throw new MaoFormatException(path, $"tool '{manifest.Name}' is registered already: replace it (new key) or keep the old key");
        }
        var key = RegisteredTool.NewKey();
        var registration = new ToolRegistration(manifest, Convert.ToHexStringLower(RegisteredTool.HashKey(key)));
        Directory.CreateDirectory(Folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        // Created owner-only before any byte is written: the hash is never readable by others, not even briefly.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, create))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(registration, MaoJson.Indented) + "\n"));
        }
        File.Move(temporary, path, overwrite: replace);
        return key;
    }
}
