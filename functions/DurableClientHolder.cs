using Microsoft.DurableTask.Client;

namespace Mao.Functions;

/// <summary>
/// The first DurableTaskClient a trigger received, for the app's hosted services: the isolated worker hands clients
/// only to functions (as a [DurableClient] binding), so a watch that raises events waits here until some trigger ran.
/// The binding's client is built over the worker's shared gRPC channel to the host and stays usable after the invocation.
/// </summary>
public sealed class DurableClientHolder
{
    private readonly TaskCompletionSource<DurableTaskClient> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HasClient => _client.Task.IsCompleted;

    /// <summary>Keeps the first client offered; later ones (same host, same task hub) are not needed.</summary>
    public void Offer(DurableTaskClient client) => _client.TrySetResult(client);

    public Task<DurableTaskClient> WaitAsync(CancellationToken cancellationToken) => _client.Task.WaitAsync(cancellationToken);
}
