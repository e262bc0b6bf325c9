using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Identity;

namespace Mao.Federation.Registry.Documents;

/// <summary>
/// An alert a site raised over its ground truth, signed by that site: <c>/mao/notifications/&lt;site&gt;/&lt;yyyyMMdd&gt;-&lt;site&gt;-&lt;id&gt;</c>.
/// The key is derived from (tool, series, date, rule), so a site writing the same alert twice writes one key.
/// </summary>
/// <param name="Period">The verified period whose acceptance raised it.</param>
/// <param name="Date">The day of the point found out of line.</param>
/// <param name="Severity"><c>warning</c> or <c>critical</c>.</param>
/// <param name="At">When the site wrote it.</param>
public sealed record Notification(
    string Tool,
    string Period,
    string Site,
    long Revision,
    string Series,
    DateOnly Date,
    double Value,
    double Expected,
    string Rule,
    string Severity,
    DateTimeOffset At) : ISignedMessage, IRegistryDocument
{
    public static string CurrentFormat => "mao.notification/2";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>The alert's identity, standing in for a round: the replay guard and the key tell alerts apart by it.</summary>
    string ISignedMessage.Round => Id;

    /// <summary>"n" and 16 hex digits of SHA-256 over (tool, series, date, rule): deterministic, a valid identifier.</summary>
    public string Id => "n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{Tool}\n{Series}\n{Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n{Rule}")))[..16];

    public void Validate(string where)
    {
        Identifier.Validate(Tool, "tool name", where);
        Core.Model.Period.Validate(Period, where);
        Identifier.Validate(Site, "site name", where);
        Check.Positive(Revision, "revision", where);
        Check.NotBlank(Series, "series", where);
        Identifier.Validate(Rule, "rule", where);
        if (Series.Length > 256)
        {
            throw new MaoFormatException(where, "series name longer than 256 characters");
        }
        if (Severity is not ("warning" or "critical"))
        {
            throw new MaoFormatException(where, $"severity '{Severity}' is not warning or critical");
        }
        if (!double.IsFinite(Value) || !double.IsFinite(Expected))
        {
            throw new MaoFormatException(where, "value and expected must be finite numbers");
        }
    }
}
