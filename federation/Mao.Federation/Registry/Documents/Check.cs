using Mao.Core;

namespace Mao.Federation.Registry.Documents;

/// <summary>Field checks shared by the documents' Validate methods, each naming the field and where it was read.</summary>
internal static class Check
{
    public static void ContentId(string? id, string field, string where)
    {
        if (!Core.Serialization.ContentId.IsWellFormed(id))
        {
            throw new MaoFormatException(where, $"{field} '{id}' is not a SHA-256 content id (64 lower-case hex digits)");
        }
    }

    public static void HttpUrl(string? url, string field, string where)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new MaoFormatException(where, $"{field} '{url}' is not an absolute http(s) URL");
        }
    }

    public static void NotBlank(string? value, string field, string where)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MaoFormatException(where, $"{field} is empty");
        }
    }

    public static void Positive(long value, string field, string where)
    {
        if (value < 1)
        {
            throw new MaoFormatException(where, $"{field} must be 1 or more, got {value}");
        }
    }
}
