using System.Text;
using Mao.Core.Model;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;

namespace Mao.Federation.Tests.Fuzz;

/// <summary>One valid document of each registry kind, as the registry holds it: the seeds the fuzzers mutate.</summary>
internal static class DocumentSeeds
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly SiteCard Card = new("site-a", "Site A", "https://a.example/",
        new SitePublicKey("0123456789abcdef0123456789abcdef", "AAAA"), ["dockerhub-arch"], 1);

    public static readonly DatasetLocation Dataset = new("dockerhub-arch", "site-a", "https://git.example/site-a/arch.git", "main", "snapshots", "index");

    public static readonly VerifiedResult Verified = new("dockerhub-arch", "2026-11-01", "r-2026-11-01", "site-a", 1, SignedMessages.Pointer('c', "site-a"),
        ["site-a", "site-b"], ["site-c"], ["site-a", "site-b", "site-c"], [], [], At);

    public static readonly RoundClaim Claim = new("dockerhub-arch", "2026-11-01", "r-2026-11-01", "site-a", At);

    public static readonly Notification Note = new("dockerhub-arch", "2026-11-01", "site-a", 1, "records", new DateOnly(2026, 11, 1), 120, 100, "robust-z", "warning", At);

    public static readonly ToolManifest Tool = new("dockerhub-arch", "1.2.0", "0 0 3 * * *",
        new MetricSchema("image", [new FieldSpec("architectures", FieldKind.Set), new FieldSpec("pulls", FieldKind.Count)]), "architectures per image");

    public static byte[] Json<T>(T value) => Encoding.UTF8.GetBytes(MaoJson.Write(value));
}
