namespace Mao.Federation.Identity;

/// <summary>
/// A message a site signs: announcements, answers, verified results. The signer must be the message's
/// site, and a newer <see cref="Revision"/> of the same (kind, tool, round, site) supersedes older ones.
/// </summary>
public interface ISignedMessage
{
    /// <summary>The message kind and schema version, e.g. <c>mao.answer/1</c>.</summary>
    static abstract string CurrentFormat { get; }

    string Format { get; }

    string Tool { get; }

    string Site { get; }

    string Round { get; }

    long Revision { get; }

    /// <summary>Throws a <see cref="Core.MaoFormatException"/> naming <paramref name="where"/> when a field is unusable.</summary>
    void Validate(string where);
}
