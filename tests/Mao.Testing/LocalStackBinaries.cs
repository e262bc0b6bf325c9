using System.Diagnostics;

namespace Mao.Testing;

/// <summary>Where the local stack's programs are; installs them with the repository's own scripts when missing.</summary>
public static class LocalStackBinaries
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<string> AzuriteAsync()
    {
        var path = RepoPaths.Combine(".local", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(path))
        {
            await RunInstallerAsync("install-azurite.sh");
        }
        return File.Exists(path) ? path : throw new FileNotFoundException("azurite is not installed; run infra/local/install.sh", path);
    }

    public static async Task<string> EtcdAsync()
    {
        var path = FindOnPath("etcd");
        if (path is null)
        {
            await RunInstallerAsync("install-etcd.sh");
            path = FindOnPath("etcd");
        }
        return path ?? throw new FileNotFoundException("etcd is not installed; run infra/local/install.sh");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static async Task RunInstallerAsync(string script)
    {
        await InstallGate.WaitAsync();
        try
        {
            using var process = Process.Start(new ProcessStartInfo("bash", [RepoPaths.Combine("infra", "local", script)]) { UseShellExecute = false })!;
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"infra/local/{script} failed with exit code {process.ExitCode}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
