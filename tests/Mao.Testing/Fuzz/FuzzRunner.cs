using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mao.Testing.Fuzz;

/// <summary>What one fuzz test did: how many inputs, how many the parser accepted, and the slowest one.</summary>
public sealed record FuzzReport(string Parser, int Inputs, int Accepted, int Rejected, TimeSpan Slowest);

/// <summary>
/// Feeds a parser its seeds unchanged, then <see cref="FuzzSettings.Iterations"/> mutations of them. Each input must
/// finish within <see cref="FuzzSettings.Budget"/> and either return (then the test's own checks run, e.g. a
/// round trip) or throw one of the parser's documented exception types. Anything else fails the test with the input
/// written to a file and shown escaped, so it can become a regression test.
/// </summary>
public sealed class FuzzRunner(string parser, ITestOutputHelper output)
{
    public IReadOnlyList<string>? Tokens { get; init; }

    public FuzzReport Run(IReadOnlyList<byte[]> seeds, Action<byte[]> parse, params Type[] documented) =>
        Run(seeds, input => { parse(input); return Task.CompletedTask; }, documented);

    public FuzzReport Run(IReadOnlyList<byte[]> seeds, Func<byte[], Task> parse, params Type[] documented)
    {
        var seed = FuzzSettings.Seed ^ StableHash(parser);
        var mutator = new Mutator(new Random(seed), Tokens);
        var budget = FuzzSettings.Budget;
        var iterations = FuzzSettings.Iterations;
        // Inputs that once crashed this parser run first, unchanged: the corpus is the regression test.
        seeds = [.. Crashes(parser), .. seeds];
        var (accepted, rejected, slowest) = (0, 0, TimeSpan.Zero);
        for (var i = 0; i < seeds.Count + iterations; i++)
        {
            var input = i < seeds.Count ? seeds[i] : mutator.Next(seeds);
            var (error, elapsed) = Attempt(parse, input, budget);
            slowest = elapsed > slowest ? elapsed : slowest;
            if (error is null)
            {
                accepted++;
            }
            else if (documented.Any(t => t.IsInstanceOfType(error)))
            {
                rejected++;
            }
            else
            {
                throw Failure(input, i, seed, error);
            }
        }
        var report = new FuzzReport(parser, seeds.Count + iterations, accepted, rejected, slowest);
        output.WriteLine($"fuzz {parser}: {report.Inputs} inputs tried ({seeds.Count} seeds and kept crashes, {accepted} accepted, {rejected} rejected), " +
                         $"slowest {slowest.TotalMilliseconds:F0} ms, MAO_FUZZ_SEED={FuzzSettings.Seed}");
        return report;
    }

    /// <summary>Runs one input off the test thread so a hang fails the test instead of stalling it. A budget overrun is
    /// tried once more: a loaded CI machine can pause a thread, a real hang repeats.</summary>
    private static (Exception? Error, TimeSpan Elapsed) Attempt(Func<byte[], Task> parse, byte[] input, TimeSpan budget)
    {
        for (var attempt = 0; ; attempt++)
        {
            var watch = Stopwatch.StartNew();
            var task = Task.Run(() => parse(input));
            // Wait throws when the parse did; the exception is read from the task below.
            var finished = ((IAsyncResult)task).AsyncWaitHandle.WaitOne(budget) || task.IsCompleted;
            watch.Stop();
            if (finished)
            {
                return (task.Exception?.InnerException, watch.Elapsed);
            }
            if (attempt == 1)
            {
                return (new TimeoutException($"no result within {budget.TotalMilliseconds:F0} ms (twice)"), watch.Elapsed);
            }
        }
    }

    private XunitException Failure(byte[] input, int index, int seed, Exception error)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mao-fuzz-failures");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{parser}-{Convert.ToHexStringLower(SHA256.HashData(input))[..12]}.bin");
        File.WriteAllBytes(file, input);
        var preview = Escape(input.Length > 2000 ? input[..2000] : input);
        return new XunitException(
            $"fuzz {parser}: input #{index} (seed {seed}, {input.Length} bytes, kept in {file}) was not handled: {error.GetType().Name}: {error.Message}\n" +
            $"input (escaped, first 2000 bytes): \"{preview}\"\n" +
            (input.Length <= 8192 ? $"input (base64): {Convert.ToBase64String(input)}\n" : "") + error);
    }

    /// <summary>The input as a C# literal body: printable ASCII as is, everything else escaped.</summary>
    public static string Escape(byte[] input)
    {
        var text = new StringBuilder();
        foreach (var b in input)
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:X2}",
            });
        }
        return text.ToString();
    }

    /// <summary>FNV-1a: string.GetHashCode differs per process, and each parser needs its own but repeatable stream.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)hash;
    }

    /// <summary>Kept crash inputs of a parser: <c>Fuzz/Crashes/&lt;parser&gt;-*.bin</c> copied beside the test assembly.</summary>
    public static IReadOnlyList<byte[]> Crashes(string parser)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Crashes");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, $"{parser}-*.bin").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray()
            : [];
    }

    /// <summary>Every file under a recorded/ folder (or the one file), as bytes: the real inputs mutations start from.</summary>
    public static IReadOnlyList<byte[]> Recorded(string relative, string pattern = "*") =>
        File.Exists(SharedData.Path(relative))
            ? [File.ReadAllBytes(SharedData.Path(relative))]
            : Directory.GetFiles(SharedData.Path(relative), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
}
