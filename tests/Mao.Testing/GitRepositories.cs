using System.Diagnostics;
using System.IO.Compression;

namespace Mao.Testing;

/// <summary>Bare git repositories in a temp folder, standing in for the sites' hosted remotes.</summary>
public sealed class GitRepositories : IDisposable
{
    private readonly TempFolder _root = new("mao-git");

    public string Root => _root.Path;

    /// <summary>Creates <c>name.git</c>, bare, default branch <c>main</c>, and returns its path.</summary>
    public string CreateBare(string name)
    {
        var path = _root.Combine(name + ".git");
        Git(Root, "init", "--bare", "--quiet", "--initial-branch=main", path);
        return path;
    }

    /// <summary>Makes the remote refuse every push, as a protected or full remote does.</summary>
    public static void RefusePushes(string barePath, string message = "push refused by test hook")
    {
        var hook = Path.Combine(barePath, "hooks", "pre-receive");
        File.WriteAllText(hook, $"#!/bin/sh\necho '{message}' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Damages a loose object of a bare repository as a failing disk or a bad mirror would, so that git still serves it:
    /// the file inflates and its header is right, but one content byte differs, so it no longer hashes to its name.
    /// Returns the object file as it was, for <see cref="WriteLooseObject"/>.
    /// </summary>
    public static byte[] DamageLooseObject(string barePath, string sha)
    {
        var path = LooseObjectPath(barePath, sha);
        var original = File.ReadAllBytes(path);
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(original), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var bytes = inflated.ToArray();
        var content = Array.IndexOf(bytes, (byte)0) + 1;
        bytes[content + (bytes.Length - content) / 2] ^= 0x20; // a letter's case, mid-file: same type, same length
        using var damaged = new MemoryStream();
        using (var zlib = new ZLibStream(damaged, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }
        WriteLooseObject(barePath, sha, damaged.ToArray());
        return original;
    }

    /// <summary>Replaces a loose object's file (loose objects are read-only, so it is deleted first).</summary>
    public static void WriteLooseObject(string barePath, string sha, byte[] file)
    {
        var path = LooseObjectPath(barePath, sha);
        File.Delete(path);
        File.WriteAllBytes(path, file);
    }

    private static string LooseObjectPath(string barePath, string sha)
    {
        var path = Path.Combine(barePath, "objects", sha[..2], sha[2..]);
        return File.Exists(path) ? path : throw new InvalidOperationException($"object {sha} is not loose in {barePath}");
    }

    public static string Git(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
    }

    public void Dispose() => _root.Dispose();
}
