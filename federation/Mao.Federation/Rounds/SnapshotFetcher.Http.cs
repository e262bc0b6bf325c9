using System.Globalization;
using Mao.Federation.Registry.Documents;
using Mao.Federation.Store;

namespace Mao.Federation.Rounds;

/// <summary>HTTP: GET the peer's <c>/api/snapshots/{id}</c> into a hashing temporary file, bounded in size and time.</summary>
public sealed partial class SnapshotFetcher
{
    private async Task<SnapshotEntry> FetchHttpAsync(Uri address, FetchRequest request, CancellationToken cancellationToken)
    {
        // Size limit and deadline on the way in; id, canonical form and header then checked streaming before anything is stored.
        await using var file = await DownloadAsync(address, request.Snapshot, cancellationToken);
        var actual = file.Complete();
        if (actual != request.Snapshot.ContentId)
        {
            throw new PeerFetchException($"GET {address} served content hashing to {actual}, not the announced content id {request.Snapshot.ContentId}");
        }
        // Our own store from here on: its failures are ours and throw (the activity retries).
        return await StoreAsync(file, request, $"GET {address}", cancellationToken);
    }

    private async Task<HashingFile> DownloadAsync(Uri address, SnapshotPointer pointer, CancellationToken cancellationToken)
    {
        var limit = Math.Min(pointer.Size, settings.MaxFetchBytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.FetchTimeout);
        var file = new HashingFile(TempFolder);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            using var response = await PeerReadAsync(() => http.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token), address, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // A gateway error or a 503 (the peer's storage or etcd away) passes; anything else is the peer's answer.
                var passing = response.StatusCode is System.Net.HttpStatusCode.BadGateway or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.GatewayTimeout;
                throw new PeerFetchException($"GET {address} answered {(int)response.StatusCode} {response.ReasonPhrase}", unreachable: passing);
            }
            if (response.Content.Headers.ContentLength > limit)
            {
                throw new PeerFetchException($"GET {address} offers {response.Content.Headers.ContentLength} bytes: larger than announced ({limit} bytes)");
            }
            await using var body = await PeerReadAsync(() => response.Content.ReadAsStreamAsync(deadline.Token), address, cancellationToken);
            var buffer = new byte[81920];
            long total = 0;
            while (true)
            {
                var read = await PeerReadAsync(() => body.ReadAsync(buffer, deadline.Token).AsTask(), address, cancellationToken);
                if (read == 0)
                {
                    return file;
                }
                total += read;
                if (total > limit)
                {
                    throw new PeerFetchException($"GET {address} sent more than {limit.ToString(CultureInfo.InvariantCulture)} bytes: larger than announced");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken); // our disk: its errors are ours
            }
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read from the peer: network errors and the fetch's deadline become the peer's problem, the caller's cancellation stays ours.</summary>
    private async Task<T> PeerReadAsync<T>(Func<Task<T>> read, Uri address, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerFetchException($"GET {address} did not complete within the fetch deadline of {settings.FetchTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // Refused, reset or cut off: the peer's process is away (a restart), which a later attempt may find over.
            throw new PeerFetchException($"GET {address} failed: {e.Message}", unreachable: true);
        }
    }
}
