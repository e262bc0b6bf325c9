using System.Net.Http.Headers;
using System.Text;
using Mao.Core.Serialization;
using Mao.Federation.Configuration;
using Mao.Federation.Identity;
using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mao.Insights.Notifications;

/// <summary>What a webhook receives: the notification, its registry key, and the signed envelope so it can check the signature itself.</summary>
public sealed record WebhookPayload(string Key, string Id, Notification Notification, SignedEnvelope Signed);

/// <summary>
/// Delivers every verified notification to every webhook this site subscribes (MAO_WEBHOOKS). A pass reads all
/// notifications and tries each undelivered (notification, webhook) a bounded number of times with exponential backoff;
/// what still fails waits for the next pass (every MAO_WEBHOOK_PASS_SECONDS, or sooner when a new notification
/// arrives), so nothing is lost while a receiver is down. Every attempt is written to the <see cref="DeliveryLog"/>;
/// once delivered it is never sent again, and each POST carries an Idempotency-Key (the notification's key) so a receiver
/// can drop the one repeat possible when the site fails between the 2xx and writing the log.
/// </summary>
public sealed class WebhookDeliverer(FederationRegistry registry, DeliveryLog deliveries, FederationSettings settings, IHttpClientFactory clients,
    TimeProvider time, ILogger<WebhookDeliverer>? log = null) : BackgroundService
{
    public const string ClientName = "mao-webhooks";
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly ILogger _log = log ?? (ILogger)NullLogger.Instance;
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Webhooks.Count == 0)
        {
            return;
        }
        var watch = WatchAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _log.LogWarning(e, "Webhook pass failed ({Reason}); trying again in the next pass", e.Message);
            }
            try
            {
                await _wake.WaitAsync(settings.WebhookPass, stoppingToken);
                while (_wake.Wait(0))
                {
                    // Several notifications arriving together need one pass, not one each.
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await watch;
    }

    /// <summary>
    /// One pass over every verified notification and every webhook; forged or altered ones are skipped (the verifier logs
    /// them). A webhook that refused one notification through all its attempts is left alone for the rest of the pass:
    /// it is down, and trying every other notification against it would hold the pass for attempts × timeout each.
    /// </summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        var down = new HashSet<string>(StringComparer.Ordinal);
        foreach (var note in await registry.NotificationsAsync(cancellationToken))
        {
            if (note.Accepted is not { } verified)
            {
                continue;
            }
            foreach (var webhook in settings.Webhooks.Where(w => !down.Contains(w)))
            {
                if (!await DeliverAsync(note.Change.Key, verified, webhook, cancellationToken))
                {
                    down.Add(webhook);
                }
            }
        }
    }

    /// <summary>True when delivered (now or before), false when every attempt of this pass failed.</summary>
    private async Task<bool> DeliverAsync(string key, Verified<Notification> note, string webhook, CancellationToken cancellationToken)
    {
        var id = KeyLayout.NotificationId(key);
        var delivery = await deliveries.GetAsync(id, webhook, cancellationToken) ?? new Delivery(key, webhook, 0, DeliveryLog.Failing, null, null, null);
        if (delivery.Status == DeliveryLog.Delivered)
        {
            return true;
        }
        var body = MaoJson.Write(new WebhookPayload(key, id, note.Message, note.Envelope));
        var backoff = settings.WebhookBackoff;
        for (var attempt = 0; attempt < settings.WebhookAttemptsPerPass; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(backoff, time, cancellationToken);
                backoff *= 2;
            }
            var error = await PostAsync(webhook, id, body, cancellationToken);
            var now = time.GetUtcNow();
            // A success keeps the last error: the log then shows that, and how often, delivery failed before it worked.
            delivery = delivery with
            {
                Attempts = delivery.Attempts + 1,
                Status = error is null ? DeliveryLog.Delivered : DeliveryLog.Failing,
                LastError = error ?? delivery.LastError,
                LastAttemptAt = now,
                DeliveredAt = error is null ? now : null,
            };
            await deliveries.RecordAsync(id, delivery, cancellationToken);
            if (error is null)
            {
                return true;
            }
            _log.LogInformation("Webhook {Webhook} refused {Key} (attempt {Attempts}): {Error}", webhook, key, delivery.Attempts, error);
        }
        return false;
    }

    /// <summary>Null when the receiver answered 2xx, else what went wrong.</summary>
    private async Task<string?> PostAsync(string webhook, string id, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyHeader, id);
        try
        {
            using var client = clients.CreateClient(ClientName);
            client.Timeout = TimeSpan.FromSeconds(10);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return e is TaskCanceledException ? "timed out after 10 s" : $"unreachable: {e.Message}";
        }
    }

    /// <summary>Wakes a pass for each new verified notification; reconnects after errors. Its own replay guard: it sees each only to wake.</summary>
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var view = new FederationRegistry(registry.Etcd, registry.Signer, new ReplayGuard(), _log);
                await foreach (var change in view.WatchNotificationsAsync(stoppingToken))
                {
                    if (change.Accepted is not null)
                    {
                        _wake.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning("Watch of notifications failed ({Reason}); passes still run every {Pass}", e.Message, settings.WebhookPass);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
