using System.Diagnostics;
using System.Net;

namespace Mao.Testing;

/// <summary>
/// Serves the bare repositories under a folder over git's smart HTTP protocol (git http-backend as CGI
/// behind an HttpListener on a free loopback port). Unlike a path remote, pushes through it run the
/// repositories' hooks, as a hosted remote would.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    /// <param name="port">A port to serve on (e.g. one a site was told about while nothing listened there); a free one by default.</param>
    public GitHttpServer(string root, int? port = null)
    {
        _root = root;
        Port = port ?? FreePorts.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>URL of <c>&lt;root&gt;/&lt;name&gt;.git</c>.</summary>
    public string Url(string name) => $"http://127.0.0.1:{Port}/{name}.git";

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var info = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["GIT_PROJECT_ROOT"] = _root;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REMOTE_USER"] = "mao-test"; // receive-pack is served only to an authenticated user
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        info.Environment["REQUEST_METHOD"] = request.HttpMethod;
        info.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        info.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }
        if (request.Headers["Git-Protocol"] is { } protocol)
        {
            info.Environment["GIT_PROTOCOL"] = protocol;
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await request.InputStream.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        await WriteCgiResponseAsync(process.StandardOutput.BaseStream, context.Response);
        await process.WaitForExitAsync();
        await stderr;
    }

    private static async Task WriteCgiResponseAsync(Stream cgi, HttpListenerResponse response)
    {
        // CGI: header lines up to an empty line, then the body.
        var header = new List<byte>();
        while (true)
        {
            var b = cgi.ReadByte();
            if (b < 0)
            {
                break;
            }
            header.Add((byte)b);
            var n = header.Count;
            if (n >= 2 && header[n - 1] == '\n' && (header[n - 2] == '\n' || (n >= 4 && header[n - 2] == '\r' && header[n - 3] == '\n')))
            {
                break;
            }
        }
        foreach (var line in System.Text.Encoding.ASCII.GetString(header.ToArray()).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }
        response.SendChunked = true;
        await cgi.CopyToAsync(response.OutputStream);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
