using System.Globalization;

namespace Mao.Testing.Fuzz;

/// <summary>
/// How much to fuzz: <c>MAO_FUZZ_ITERATIONS</c> mutated inputs per parser (default keeps all fuzz tests together well
/// under a minute in CI), <c>MAO_FUZZ_SEED</c> to replay a run, <c>MAO_FUZZ_BUDGET_MS</c> per input (default 2000).
/// A long run: <c>MAO_FUZZ_ITERATIONS=100000 dotnet test --filter Category=Fuzz</c>.
/// </summary>
public static class FuzzSettings
{
    public const int DefaultIterations = 300;
    public const int DefaultSeed = 20261127;

    public static int Iterations => Read("MAO_FUZZ_ITERATIONS", DefaultIterations);

    public static int Seed => Read("MAO_FUZZ_SEED", DefaultSeed);

    public static TimeSpan Budget => TimeSpan.FromMilliseconds(Read("MAO_FUZZ_BUDGET_MS", 2000));

    private static int Read(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        // A typo must not silently fuzz with the default: fail the run, naming the variable.
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidOperationException($"{name}='{text}' is not a whole number of 0 or more");
    }
}
