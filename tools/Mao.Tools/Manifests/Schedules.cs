using Mao.Core;
using NCrontab;

namespace Mao.Tools.Manifests;

/// <summary>Checks the six-field NCRONTAB expressions (seconds first) that timer triggers and the site scheduler use.</summary>
public static class Schedules
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public static CrontabSchedule Parse(string expression, string where)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new MaoFormatException(where, $"schedule '{expression}' has {fields.Length} fields; NCRONTAB with seconds needs 6 (sec min hour day month weekday)");
        }
        return CrontabSchedule.TryParse(expression, WithSeconds)
               ?? throw new MaoFormatException(where, $"schedule '{expression}' is not a valid NCRONTAB expression");
    }
}
