using System.Diagnostics;

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
