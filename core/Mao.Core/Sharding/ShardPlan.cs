using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Mao.Core.Model;

namespace Mao.Core.Sharding;

/// <summary>
/// Who measures which unit of a sharded tool: rendezvous (highest-random-weight) hashing of each unit over
/// <see cref="Sites"/>, the unit going to the <see cref="Replicas"/> sites with the highest score
/// SHA-256(site, unit). Pure and stable: every site computes the same owners from the same sites, and a site joining
/// or leaving moves only the units it takes or held (about replicas/n of them), never units between the others.
/// Replicas of at least the number of sites means every site measures everything (no sharding).
/// </summary>
public sealed record ShardPlan
{
    public const int MaxSites = 256;

    public ShardPlan(IReadOnlyList<string> sites, int replicas)
    {
        Sites = sites.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Replicas = replicas;
    }

    /// <summary>The sites sharing the tool's units, sorted and distinct.</summary>
    public IReadOnlyList<string> Sites { get; init; }

    /// <summary>How many sites measure each unit (the overlap peers verify).</summary>
    public int Replicas { get; init; }

    /// <summary>Owners per unit: <see cref="Replicas"/>, or all sites when there are fewer.</summary>
    [JsonIgnore]
    public int OwnersPerUnit => Math.Min(Replicas, Sites.Count);

    /// <summary>True when every site owns every unit.</summary>
    [JsonIgnore]
    public bool Whole => Replicas >= Sites.Count;

    public void Validate(string where)
    {
        if (Sites is null || Sites.Count == 0)
        {
            throw new MaoFormatException(where, "shard plan names no sites");
        }
        if (Sites.Count > MaxSites)
        {
            throw new MaoFormatException(where, $"shard plan names {Sites.Count} sites, at most {MaxSites}");
        }
        foreach (var site in Sites)
        {
            Identifier.Validate(site, "shard site", where);
        }
        if (Sites.Distinct(StringComparer.Ordinal).Count() != Sites.Count)
        {
            throw new MaoFormatException(where, "shard plan names a site twice");
        }
        if (Replicas < 1)
        {
            throw new MaoFormatException(where, $"shard replicas {Replicas}: need at least 1");
        }
    }

    /// <summary>Plans are equal when their sites and replicas are (a record would compare the site lists by reference).</summary>
    public bool Equals(ShardPlan? other) =>
        other is not null && Replicas == other.Replicas && Sites.SequenceEqual(other.Sites, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Replicas, Sites.Count);

    /// <summary>The sites that measure <paramref name="unit"/>, highest score first.</summary>
    public IReadOnlyList<string> Owners(string unit)
    {
        if (Whole)
        {
            return Sites;
        }
        return Sites.Select(site => (Site: site, Score: Score(site, unit)))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Site, StringComparer.Ordinal)
            .Take(Replicas).Select(s => s.Site).ToArray();
    }

    public bool Owns(string site, string unit) => Whole ? Sites.Contains(site, StringComparer.Ordinal) : Owners(unit).Contains(site, StringComparer.Ordinal);

    /// <summary>The weight of (site, unit): the first 8 bytes of SHA-256("site\nunit"), so all platforms agree.</summary>
    public static ulong Score(string site, string unit)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(site + "\n" + unit), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
