using System.Text;
using Mao.Core.Serialization;
using Mao.Federation.Identity;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Tests.Identity;
using Mao.Testing.Fuzz;
using Xunit.Abstractions;

namespace Mao.Federation.Tests.Fuzz;

[Trait("Category", "Fuzz")]
public sealed class MessageVerifierFuzz(ITestOutputHelper output) : IDisposable
{
    private readonly SignedMessages _messages = new();

    [Fact]
    public async Task OpenAsync_HostileEnvelopes_RejectedWithoutTouchingTheReplayGuard()
    {
        var signer = new MessageSigner(_messages.KeyA);
        var replays = new ReplayGuard();
        var verifier = new MessageVerifier(_messages.Resolver, replays);
        // Newer revisions than the original: if one got through, the original would then be refused as a replay.
        var seeds = new[] { 1L, 2L }.Select(r => Encoding.UTF8.GetBytes(signer.SignToJson(SignedMessages.Answer(revision: r)))).ToArray();

        var report = new FuzzRunner("signed-envelope", output).Run([seeds[0]], input =>
            verifier.OpenAsync<RoundAnswer>(Encoding.UTF8.GetString(input), "/mao/answers/fuzz", CancellationToken.None),
            typeof(MessageRejectedException));

        // Only the unmutated seed (or an envelope differing outside the signed text) is admitted, so revision 1 stands.
        var opened = await verifier.OpenAsync<RoundAnswer>(Encoding.UTF8.GetString(seeds[0]), "k", CancellationToken.None);
        Assert.Equal(1, opened.Message.Revision);
        Assert.True(report.Accepted >= 1, "the unmutated seed must verify");
    }

    [Fact]
    public void OpenAsync_HostilePayloadsSignedByTheirSite_ParseOrAreRejected()
    {
        // The signature check stops nearly every mutation, so here the mutated payload is signed properly: the
        // payload parser behind the signature is fuzzed as a member site (or a stolen key) could attack it.
        var key = _messages.KeyA;
        var verifier = new MessageVerifier(_messages.Resolver, new ReplayGuard());
        var revision = 0L;
        var report = new FuzzRunner("signed-payload", output).Run([DocumentSeeds.Json(SignedMessages.Answer())], input =>
        {
            var payload = Encoding.UTF8.GetString(input);
            var signature = key.Sign(SignedEnvelope.SigningInput(RoundAnswer.CurrentFormat, "site-a", key.PublicKey.KeyId, payload));
            var envelope = new SignedEnvelope(RoundAnswer.CurrentFormat, "site-a", key.PublicKey.KeyId, payload, Convert.ToBase64String(signature));
            Interlocked.Increment(ref revision);
            return verifier.OpenAsync<RoundAnswer>(MaoJson.Write(envelope), $"/mao/answers/{revision}", CancellationToken.None);
        }, typeof(MessageRejectedException));

        Assert.True(report.Accepted >= 1, "the unmutated seed must verify");
    }

    public void Dispose() => _messages.Dispose();
}
