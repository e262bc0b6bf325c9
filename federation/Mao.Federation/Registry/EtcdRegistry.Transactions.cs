using Etcdserverpb;
using Grpc.Core;

namespace Mao.Federation.Registry;

/// <summary>Compare-and-swap on revisions: for writes that must not race (claiming a round, publishing a result).</summary>
public sealed partial class EtcdRegistry
{
    /// <summary>Creates <paramref name="key"/> only if it does not exist. Losing returns the value that won.</summary>
    public Task<CasResult> CreateAsync(string key, string value, long lease, CancellationToken cancellationToken) =>
        SwapAsync(key, value, lease, expectedModRevision: 0, cancellationToken);

    /// <summary>Replaces <paramref name="key"/> only if it was last changed at <paramref name="expectedModRevision"/>.</summary>
    public Task<CasResult> CompareAndSwapAsync(string key, long expectedModRevision, string value, CancellationToken cancellationToken) =>
        expectedModRevision < 1
            ? throw new ArgumentOutOfRangeException(nameof(expectedModRevision), "use CreateAsync for a key that must not exist yet")
            : SwapAsync(key, value, lease: 0, expectedModRevision, cancellationToken);

    private async Task<CasResult> SwapAsync(string key, string value, long lease, long expectedModRevision, CancellationToken cancellationToken)
    {
        var compare = expectedModRevision == 0
            ? new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 }
            : new Compare { Key = Bytes(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expectedModRevision };
        var request = new TxnRequest
        {
            Compare = { compare },
            Success = { new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(value), Lease = lease } } },
            Failure = { new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } } },
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await Deadlined(Client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
                if (response.Succeeded)
                {
                    return new CasResult(true, response.Header.Revision, null);
                }
                var kvs = response.Responses[0].ResponseRange.Kvs;
                var existing = kvs.Count == 0 ? null : RegistryEntry.From(kvs[0]);
                // On a retry, an earlier attempt that was still in flight when we checked may be what beat us.
                return attempt > 1 && existing?.Value == value
                    ? new CasResult(true, existing.ModRevision, null)
                    : new CasResult(false, response.Header.Revision, existing);
            }
            catch (RpcException e) when (IsRefusal(e))
            {
                throw Refused("compare-and-swap", key, e);
            }
            catch (RpcException e) when (IsOutcomeUnknown(e))
            {
                var current = await CheckAfterUnknownAsync(key, e, cancellationToken);
                var unchanged = expectedModRevision == 0 ? current is null : current?.ModRevision == expectedModRevision;
                if (!unchanged)
                {
                    // Someone's write landed. If it holds our value it was ours (an equal value written by a rival is
                    // indistinguishable and equally fine); otherwise we lost.
                    return current is not null && current.Value == value && current.ModRevision > expectedModRevision
                        ? new CasResult(true, current.ModRevision, null)
                        : new CasResult(false, current?.ModRevision ?? 0, current);
                }
                if (attempt >= 3)
                {
                    throw new RegistryWriteUnknownException(key, e);
                }
                // Not committed: the compare still guards the retry, so repeating it cannot overwrite anyone.
            }
        }
    }
}
