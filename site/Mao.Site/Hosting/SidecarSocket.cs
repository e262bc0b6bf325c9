using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;

namespace Mao.Site.Hosting;

/// <summary>
/// Where the Durable Task sidecar listens: a Unix domain socket only the site's OS user can open. The sidecar's gRPC
/// API has no authentication (one DeleteTaskHub call drops every round), so no TCP port is offered at all.
/// The socket sits in a folder created 0700 before the bind (no window in which another user could connect) and is
/// itself set to 0600 right after it.
/// </summary>
public static class SidecarSocket
{
    /// <summary>sun_path holds 108 bytes on Linux (104 on macOS) including the terminating NUL.</summary>
    private const int MaxPathBytes = 100;

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>&lt;data dir&gt;/sidecar/sidecar.sock, or a private temporary folder's when that path is too long for a socket.</summary>
    public static string PathFor(string dataDirectory)
    {
        var folder = Path.Combine(Path.GetFullPath(dataDirectory), "sidecar");
        var path = Path.Combine(folder, "sidecar.sock");
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            folder = Path.Combine(Path.GetTempPath(), $"mao-sidecar-{Guid.NewGuid():N}");
            path = Path.Combine(folder, "sidecar.sock");
        }
        return path;
    }

    /// <summary>Makes the socket's folder owner-only and removes a stale socket a killed host left behind.</summary>
    public static void Prepare(string socketPath)
    {
        var folder = Path.GetDirectoryName(socketPath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder); // AF_UNIX on Windows: the folder inherits the data folder's ACL
        }
        else
        {
            // Created owner-only (the umask can only take bits away), and tightened should it exist from before.
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            File.SetUnixFileMode(folder, OwnerOnlyFolder);
        }
        if (!File.Exists(socketPath))
        {
            return;
        }
        if (IsLive(socketPath))
        {
            throw new InvalidOperationException(
                $"another site host serves the Durable Task sidecar at {socketPath}: two hosts cannot share the data folder {Path.GetDirectoryName(folder)}");
        }
        File.Delete(socketPath);
    }

    /// <summary>Owner read and write only: what a Unix socket needs for its owner to connect.</summary>
    public static void Restrict(string socketPath)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>A gRPC channel to the sidecar over the socket (HTTP/2 without TLS; the host name is not used).</summary>
    public static GrpcChannel Channel(string socketPath)
    {
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // The worker holds long-lived streams; keep the connection alive like the TCP default did.
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private static bool IsLive(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
