using System.Runtime.InteropServices;

namespace Mao.Bench;

/// <summary>What the figures were measured on, printed before every benchmark.</summary>
public static class MachineInfo
{
    public static string Describe() =>
        $"machine: {Environment.ProcessorCount} logical cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{LoadAverage()}";

    /// <summary>Figures from a machine shared with other work are only comparable with the load they ran under.</summary>
    private static string LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? $", load average {string.Join(' ', File.ReadAllText(loadavg).Split(' ').Take(3))}" : "";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
