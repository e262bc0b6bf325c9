using Azure;
using Azure.Data.Tables;
using Mao.Federation.Configuration;

namespace Mao.Federation.Store;

/// <summary>
/// One of a site's own tables (decisions, history, cursors, accepted measurements), named by
/// <see cref="FederationSettings.SiteTable"/> and created on first use: retried on the next call if storage was down.
/// </summary>
public sealed class SiteTable(FederationSettings settings, string purpose)
{
    private volatile bool _created;

    public TableClient Client { get; } = new TableServiceClient(settings.StorageConnectionString).GetTableClient(settings.SiteTable(purpose));

    public string Name => Client.Name;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }
        try
        {
            await Client.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"table {Client.Name} could not be created: {e.Message}", e);
        }
    }
}
