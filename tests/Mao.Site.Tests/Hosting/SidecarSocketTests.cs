using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Hosting;

/// <summary>
/// The sidecar's gRPC API has no authentication (DeleteTaskHub drops every round), so it must be reachable by the
/// site's own OS user only: a Unix socket in an owner-only folder, and no TCP port.
/// </summary>
[Collection(FederationCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SidecarSocketTests(AzuriteFixture azurite, EtcdFixture etcd) : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder _data = new("mao-sidecar");

    [Fact]
    public async Task Sidecar_ListensOnAnOwnerOnlySocketAndOnNoTcpPort()
    {
        using var timeout = TestSites.Timeout(90);
        var options = TestSites.Options(azurite, etcd, _data.Path, TestSites.UniqueRun());
        options.GrpcPort = FreePorts.Next(); // the old setting: still accepted, must not be bound
        await using var site = await TestSites.StartAsync(options, timeout.Token);

        var socket = site.SidecarSocket;
        Assert.Equal(Path.Combine(options.DataDirectory, "sidecar", "sidecar.sock"), socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, options.GrpcPort, timeout.Token);
        });
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        // The worker and client really talk over the socket: a call through the client reaches the task hub.
        Assert.Null(await site.Client.GetInstanceAsync("no-such-instance", timeout.Token));
    }

    [Fact]
    public async Task Sidecar_AnotherOsUser_CannotConnect()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv") || !File.Exists("/usr/bin/python3"))
        {
            return; // xunit 2 has no runtime skip: without a second user to play, there is nothing to check here

        }
        using var timeout = TestSites.Timeout(90);
        await using var site = await TestSites.StartAsync(TestSites.Options(azurite, etcd, _data.Path, TestSites.UniqueRun()), timeout.Token);
        // The temporary folder above the data folder is traversable by everyone: only the sidecar's own modes protect it.
        File.SetUnixFileMode(_data.Path, OwnerOnlyFolder | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(site.Options.DataDirectory, OwnerOnlyFolder | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var owner = await ConnectAsync(site.SidecarSocket, asNobody: false);
        var nobody = await ConnectAsync(site.SidecarSocket, asNobody: true);

        Assert.True(owner.ExitCode == 0, $"the owner must connect (control): {owner.Output}");
        Assert.True(nobody.ExitCode != 0, $"uid 65534 connected to the sidecar: {nobody.Output}");
        Assert.Contains("Permission denied", nobody.Output);
    }

    private static async Task<(int ExitCode, string Output)> ConnectAsync(string socket, bool asNobody)
    {
        var info = new ProcessStartInfo(asNobody ? "/usr/bin/setpriv" : "/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (asNobody)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3" })
            {
                info.ArgumentList.Add(arg);
            }
        }
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print('connected')");
        info.ArgumentList.Add(socket);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    public void Dispose() => _data.Dispose();
}
