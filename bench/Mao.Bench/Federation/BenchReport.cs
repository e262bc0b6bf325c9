using System.Diagnostics;
using System.Globalization;

namespace Mao.Bench.Federation;

/// <summary>Prints a benchmark's figures as aligned "name: value" lines, ready for docs/federation.md.</summary>
internal sealed class BenchReport(TextWriter output)
{
    public void Line(string what, string value) => output.WriteLine($"  {what,-48} {value}");

    public void Title(string text) => output.WriteLine(text);

    public void Rate(string what, int count, TimeSpan elapsed, string unit) =>
        Line(what, string.Create(CultureInfo.InvariantCulture, $"{count} {unit} in {elapsed.TotalSeconds:0.00} s = {count / elapsed.TotalSeconds:0.0} {unit}/s"));

    public static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    public static string Ms(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:0.0} ms");

    public static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    public static long FolderSize(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
