using System.Text.Json.Serialization;
using Mao.Core;

namespace Mao.Federation.Registry.Documents;

/// <summary>How a snapshot can be fetched.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LocationKind>))]
public enum LocationKind
{
    /// <summary>GET the canonical bytes from the site's API: <c>{endpoint}/api/snapshots/{contentId}</c>.</summary>
    Http,

    /// <summary>The site's branch of the tool's dataset repository: a remote and a commit holding snapshot.jsonl.</summary>
    Git,
}

/// <summary>One place a snapshot can be fetched from. A fetcher only uses locations the owning site registered.</summary>
public sealed record SnapshotLocation(LocationKind Kind, string Address, string? Commit = null)
{
    public const int MaxAddressLength = 2048;

    public void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Address) || Address.Length > MaxAddressLength || Address.Any(char.IsControl))
        {
            throw new MaoFormatException(where, $"a {Kind} location needs an address of 1-{MaxAddressLength} characters without control characters");
        }
        switch (Kind)
        {
            case LocationKind.Http:
                Check.HttpUrl(Address, "http location", where);
                if (Commit is not null)
                {
                    throw new MaoFormatException(where, "an http location carries no commit");
                }
                break;
            case LocationKind.Git:
                if (Commit is null || Commit.Length != 40 || !Commit.All(char.IsAsciiHexDigitLower))
                {
                    throw new MaoFormatException(where, $"a git location needs a 40-digit lower-case commit id, got '{Commit}'");
                }
                break;
            default:
                throw new MaoFormatException(where, $"unknown location kind {(int)Kind}");
        }
    }
}
