namespace Mao.Tools.Sar;

/// <summary>
/// AWS SAR crawler settings (section <c>Mao:Sar</c>; environment <c>MAO__SAR__BASEURL</c>). The default is the public
/// browse endpoint behind the SAR console that the earlier prototype (aws-sar-analysis, autocontents.py) used;
/// the SDK's ListApplications only lists the caller's own applications.
/// </summary>
public sealed class SarOptions
{
    public const string Section = "Mao:Sar";

    public Uri BaseUrl { get; set; } = new("https://shr32taah3.execute-api.us-east-1.amazonaws.com/Prod");

    public int PageSize { get; set; } = 100;

    /// <summary>Also list applications that need these capabilities (the console hides them otherwise).</summary>
    public List<string> IncludeAppsWithCapabilities { get; set; } =
        ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_RESOURCE_POLICY", "CAPABILITY_AUTO_EXPAND"];
}
