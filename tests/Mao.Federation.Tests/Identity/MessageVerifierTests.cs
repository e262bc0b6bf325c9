using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;

namespace Mao.Federation.Tests.Identity;

public sealed class MessageVerifierTests : IDisposable
{
    private readonly SignedMessages _messages = new();
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(30);

    [Fact]
    public async Task OpenAsync_SignedAnswer_ReturnsTheMessage()
    {
        var json = new MessageSigner(_messages.KeyA).SignToJson(SignedMessages.Answer());

        var opened = await new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(json, "k", _timeout);

        // Compared as JSON: record equality compares the pointer's location list by reference.
        Assert.Equal(Mao.Core.Serialization.MaoJson.Write(SignedMessages.Answer()), Mao.Core.Serialization.MaoJson.Write(opened.Message));
        Assert.False(opened.Repeated);
    }

    [Fact]
    public async Task OpenAsync_PayloadAlteredAfterSigning_RejectedAsForged()
    {
        var envelope = new MessageSigner(_messages.KeyA).Sign(SignedMessages.Answer());
        var altered = envelope with { Payload = envelope.Payload.Replace(new string('a', 64), new string('c', 64), StringComparison.Ordinal) };

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() =>
            new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(MaoJson.Write(altered), "/mao/answers/x", _timeout));
        Assert.Contains("forged", error.Message, StringComparison.Ordinal);
        Assert.Contains("/mao/answers/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SiteBSignsSiteAsAnswerClaimingToBeA_Rejected()
    {
        // B signs with its own key but names A as signer: A's key does not verify it.
        var envelope = new MessageSigner(_messages.KeyB).Sign(SignedMessages.Answer("site-b"));
        var impersonation = envelope with
        {
            Signer = "site-a",
            KeyId = _messages.KeyA.PublicKey.KeyId,
            Payload = envelope.Payload.Replace("site-b", "site-a", StringComparison.Ordinal),
        };

        await Assert.ThrowsAsync<MessageRejectedException>(() =>
            new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(MaoJson.Write(impersonation), "k", _timeout));
    }

    [Fact]
    public async Task OpenAsync_ValidlySignedButForAnotherSite_Rejected()
    {
        var payload = MaoJson.Write(SignedMessages.Answer("site-a"));
        var input = SignedEnvelope.SigningInput(RoundAnswer.CurrentFormat, "site-b", _messages.KeyB.PublicKey.KeyId, payload);
        var envelope = new SignedEnvelope(RoundAnswer.CurrentFormat, "site-b", _messages.KeyB.PublicKey.KeyId, payload, Convert.ToBase64String(_messages.KeyB.Sign(input)));

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() =>
            new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(MaoJson.Write(envelope), "k", _timeout));
        Assert.Contains("signed by 'site-b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_Unsigned_Rejected()
    {
        var envelope = new MessageSigner(_messages.KeyA).Sign(SignedMessages.Answer()) with { Signature = "" };

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() =>
            new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(MaoJson.Write(envelope), "k", _timeout));
        Assert.Contains("unsigned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_BarePayloadWithoutEnvelope_Rejected()
    {
        var error = await Assert.ThrowsAsync<MessageRejectedException>(() =>
            new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(MaoJson.Write(SignedMessages.Answer()), "k", _timeout));
        Assert.Contains("not a signed message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_OlderRevisionAfterNewer_RejectedAsReplay()
    {
        var signer = new MessageSigner(_messages.KeyA);
        var verifier = new MessageVerifier(_messages.Resolver);
        var old = signer.SignToJson(SignedMessages.Answer(revision: 1));
        var newer = signer.SignToJson(SignedMessages.Answer(revision: 2) with { Kind = AnswerKind.Accept, Snapshot = null });
        await verifier.OpenAsync<RoundAnswer>(old, "k", _timeout);
        await verifier.OpenAsync<RoundAnswer>(newer, "k", _timeout);

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() => verifier.OpenAsync<RoundAnswer>(old, "k", _timeout));
        Assert.Contains("replayed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SameMessageAgain_MarkedRepeatedNotRejected()
    {
        var verifier = new MessageVerifier(_messages.Resolver);
        var json = new MessageSigner(_messages.KeyA).SignToJson(SignedMessages.Answer());
        await verifier.OpenAsync<RoundAnswer>(json, "k", _timeout);

        var again = await verifier.OpenAsync<RoundAnswer>(json, "k", _timeout);

        Assert.True(again.Repeated);
    }

    [Fact]
    public async Task OpenAsync_AnnouncementReadAsAnswer_RejectedNamingBothKinds()
    {
        var json = new MessageSigner(_messages.KeyA).SignToJson(SignedMessages.Announcement());

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() => new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(json, "k", _timeout));
        Assert.Contains("mao.announcement/1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_UnknownSigningKey_Rejected()
    {
        using var stranger = SiteKeyPair.CreateEphemeral("site-a");
        var json = new MessageSigner(stranger).SignToJson(SignedMessages.Answer());

        var error = await Assert.ThrowsAsync<MessageRejectedException>(() => new MessageVerifier(_messages.Resolver).OpenAsync<RoundAnswer>(json, "k", _timeout));
        Assert.Contains("has published no key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SameRoundIdForTwoTools_BothAdmitted()
    {
        var signer = new MessageSigner(_messages.KeyA);
        var verifier = new MessageVerifier(_messages.Resolver);
        await verifier.OpenAsync<RoundAnswer>(signer.SignToJson(SignedMessages.Answer(round: "r-1")), "k1", _timeout);

        var other = await verifier.OpenAsync<RoundAnswer>(signer.SignToJson(SignedMessages.Answer(round: "r-1") with { Tool = "artifacthub-pkg", Snapshot = SignedMessages.Pointer('a', "site-a", "artifacthub-pkg") }), "k2", _timeout);

        Assert.False(other.Repeated);
    }

    public void Dispose() => _messages.Dispose();
}
