using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;

namespace Mao.Federation.Registry;

/// <summary>What <see cref="EtcdRegistry.ReadTogetherAsync"/> saw at one revision: a prefix's keys and single keys (null: absent).</summary>
public sealed record RegistrySnapshot(RegistryRange Prefix, IReadOnlyList<RegistryEntry?> Keys);

public sealed partial class EtcdRegistry
{
    /// <summary>
    /// Reads a prefix and single keys in one read-only transaction, so all of them are seen at the same revision
    /// (deciding from several keys must not mix what two moments held).
    /// </summary>
    public async Task<RegistrySnapshot> ReadTogetherAsync(string prefix, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var request = new TxnRequest
        {
            Success = { new RequestOp { RequestRange = new RangeRequest { Key = Bytes(prefix), RangeEnd = ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)) } } },
        };
        foreach (var key in keys)
        {
            request.Success.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        }
        var response = await CallAsync(prefix, "read", () => Client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
        var range = new RegistryRange(response.Responses[0].ResponseRange.Kvs.Select(RegistryEntry.From).ToList(), response.Header.Revision);
        var singles = response.Responses.Skip(1).Select(r => r.ResponseRange.Kvs.Count == 0 ? null : RegistryEntry.From(r.ResponseRange.Kvs[0])).ToList();
        return new RegistrySnapshot(range, singles);
    }
}
