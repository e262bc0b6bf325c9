using Mao.Core;

namespace Mao.Site.Hosting;

/// <summary>
/// Azure Storage provider knobs that decide how fast a site reacts and recovers. The library defaults suit
/// Azure (30 s polling, 5 min visibility); a site wants about 1 s polling and recovery within a minute.
/// After a crash, a new host waits for the dead one's partition leases (<see cref="LeaseInterval"/>) and re-runs
/// in-flight activities after <see cref="WorkItemVisibilityTimeout"/>.
/// </summary>
public sealed class DurableTuning
{
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan LeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(10);
    public int PartitionCount { get; set; } = 4;

    internal static DurableTuning FromConfiguration(Func<string, string, string?> get)
    {
        var tuning = new DurableTuning();
        TimeSpan? Seconds(string key, string environment) =>
            SiteOptions.Int(get(key, environment), environment) is { } s ? TimeSpan.FromSeconds(s) : null;
        tuning.MaxQueuePollingInterval = Seconds("Durable:PollSeconds", "MAO_DURABLE_POLL_SECONDS") ?? tuning.MaxQueuePollingInterval;
        var visibility = Seconds("Durable:VisibilitySeconds", "MAO_DURABLE_VISIBILITY_SECONDS");
        tuning.WorkItemVisibilityTimeout = visibility ?? tuning.WorkItemVisibilityTimeout;
        tuning.ControlQueueVisibilityTimeout = visibility ?? tuning.ControlQueueVisibilityTimeout;
        if (Seconds("Durable:LeaseSeconds", "MAO_DURABLE_LEASE_SECONDS") is { } lease)
        {
            // Renew and rebalance well within the lease, as the library's defaults (30/10/10) do.
            tuning.LeaseInterval = lease;
            tuning.LeaseRenewInterval = lease / 3;
            tuning.LeaseAcquireInterval = lease / 3;
        }
        tuning.PartitionCount = SiteOptions.Int(get("Durable:Partitions", "MAO_DURABLE_PARTITIONS"), "MAO_DURABLE_PARTITIONS") ?? tuning.PartitionCount;
        return tuning;
    }

    internal void Validate(string where)
    {
        if (PartitionCount is < 1 or > 16)
        {
            throw new MaoFormatException(where, $"partition count {PartitionCount} is outside 1..16 (MAO_DURABLE_PARTITIONS)");
        }
        if (MaxQueuePollingInterval <= TimeSpan.Zero || WorkItemVisibilityTimeout < TimeSpan.FromSeconds(5) || LeaseInterval < TimeSpan.FromSeconds(3))
        {
            throw new MaoFormatException(where, "durable tuning: polling must be > 0 s, visibility timeouts >= 5 s, the lease >= 3 s");
        }
    }
}
