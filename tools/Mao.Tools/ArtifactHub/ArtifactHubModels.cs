namespace Mao.Tools.ArtifactHub;

// Shapes of GET /api/v1/packages/search (snake_case on the wire); unknown fields are ignored.

public sealed record AhSearchPage(List<AhPackage>? Packages);

public sealed record AhPackage(
    string? PackageId,
    string? Name,
    string? NormalizedName,
    string? Version,
    string? AppVersion,
    bool? Signed,
    bool? Deprecated,
    bool? Official,
    AhSecuritySummary? SecurityReportSummary,
    AhRepository? Repository);

public sealed record AhRepository(string? Name, int? Kind, bool? VerifiedPublisher, bool? Official);

public sealed record AhSecuritySummary(int? Critical, int? High, int? Medium, int? Low, int? Unknown);
