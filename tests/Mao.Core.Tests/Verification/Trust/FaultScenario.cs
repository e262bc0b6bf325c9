namespace Mao.Core.Tests.Verification.Trust;

/// <summary>How a faulty site answers.</summary>
public enum FaultModel
{
    /// <summary>The true value with independent normal relative noise (standard deviation <see cref="FaultScenario.NoiseScale"/>).</summary>
    Noise,

    /// <summary>A fixed relative offset per site (±10 to ±50 %): the same site is always wrong the same way.</summary>
    Offset,

    /// <summary>All faulty sites of a record report the same invented value (+10 % to +100 %).</summary>
    Collusion,

    /// <summary>The previous period's value: unchanged for half the records, else up to ±30 % off; stale sites agree.</summary>
    Stale,
}

/// <summary>Which answers are faulty.</summary>
public enum FaultAssignment
{
    /// <summary>A fixed, seeded choice of round(share × sites) sites is wrong on every record.</summary>
    FixedSites,

    /// <summary>Every site answers each record wrongly with probability share ("faulty at random").</summary>
    PerRecord,
}

/// <param name="HonestJitter">Relative measurement noise of honest sites (0: honest sites agree exactly).</param>
public sealed record FaultScenario(
    int Sites,
    double FaultyShare,
    FaultModel Model,
    FaultAssignment Assignment,
    int Seed,
    int Records = 2000,
    double HonestJitter = 0,
    double NoiseScale = 0.25)
{
    public override string ToString() =>
        $"{Sites} sites, {FaultyShare:P0} {Model} ({Assignment}), honest jitter {HonestJitter:P1}, seed {Seed}, {Records} records";
}

/// <summary>What the engine published for a scenario, judged against the simulator's truth.</summary>
/// <param name="Correct">Published value within the policy's tolerance of the truth (contested or not).</param>
/// <param name="SilentlyWrong">Outside that tolerance and not flagged contested: the failure that must not happen.</param>
/// <param name="Liars">Faulty answers outside the tolerance of the truth (answers within it agree by the policy's definition).</param>
/// <param name="LiarsNamed">Of those, how many the verdict lists as dissent.</param>
/// <param name="MeanCorrect">Records where the plain mean of all answers would be within tolerance: the baseline to beat.</param>
public sealed record FaultOutcome(int Records, int Correct, int Contested, int SilentlyWrong, long Liars, long LiarsNamed, int MeanCorrect)
{
    public double CorrectShare => (double)Correct / Records;

    public double ContestedShare => (double)Contested / Records;

    public double SilentlyWrongShare => (double)SilentlyWrong / Records;

    public double MeanCorrectShare => (double)MeanCorrect / Records;

    public double NamedShare => Liars == 0 ? 1 : (double)LiarsNamed / Liars;
}
