namespace Mao.Core.Verification;

/// <summary>Why a verdict should not be taken at face value.</summary>
[Flags]
public enum VerdictFlags
{
    None = 0,

    /// <summary>Fewer sites than the quorum reported this record or field.</summary>
    BelowQuorum = 1,

    /// <summary>The winning value has no strict majority of the reporting weight, or less support than the quorum.</summary>
    WeakSupport = 2,

    /// <summary>Two or more candidate values have the same weight; the value shown is only the deterministic first of them.</summary>
    Tie = 4,

    /// <summary>No site reported a value.</summary>
    NoValue = 8,

    /// <summary>Flags that make a value contested: reported, never silently resolved.</summary>
    Contested = WeakSupport | Tie,
}

public static class VerdictFlagsExtensions
{
    public static bool IsContested(this VerdictFlags flags) => (flags & VerdictFlags.Contested) != 0;

    /// <summary>Names for output, e.g. ["belowQuorum","weakSupport"].</summary>
    public static string[] Names(this VerdictFlags flags)
    {
        var names = new List<string>(4);
        if ((flags & VerdictFlags.BelowQuorum) != 0) names.Add("belowQuorum");
        if ((flags & VerdictFlags.WeakSupport) != 0) names.Add("weakSupport");
        if ((flags & VerdictFlags.Tie) != 0) names.Add("tie");
        if ((flags & VerdictFlags.NoValue) != 0) names.Add("noValue");
        return names.ToArray();
    }
}
