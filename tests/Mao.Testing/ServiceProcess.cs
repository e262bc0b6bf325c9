using System.Diagnostics;

namespace Mao.Testing;

/// <summary>A real service process started for tests, its output in a log file, killed with its children on dispose.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(string fileName, IEnumerable<string> arguments, string logPath, IDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var gate = new object();
        var closed = false;
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (gate)
            {
                // Output can still arrive after Exited closed the log; writing then would crash the test host.
                if (!closed)
                {
                    log.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => { lock (gate) { closed = true; log.Dispose(); } };
        process.EnableRaisingEvents = true;
        return new ServiceProcess(process, logPath);
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>SIGTERM, then waits for the exit (SIGKILL after <paramref name="grace"/>): a clean shutdown.</summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>SIGKILL, no goodbye: what a crash or an OOM kill looks like to the rest of the system.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
