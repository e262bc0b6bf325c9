using Mao.Bench.Git;
using Xunit.Abstractions;

namespace Mao.Site.Tests.Pipeline;

/// <summary>
/// Committing, pushing and packing a snapshot cut into parts holds about a part, whatever the snapshot's size: peak
/// resident set (VmHWM over the step's start, native heap trimmed before it) of `Mao.Bench git-blob-memory` processes
/// of their own at 16 and 160 MB. The same processes push the snapshot as one blob too (the layout before parts),
/// which must grow with it, so a measure that saw nothing would fail here. Measured on a 2-core machine at load 40-60
/// (3 runs): commit 19-23 MB, push 12-13 MB, packing 12 MB at both sizes; the one-blob push 23-24 MB at 16 MB and
/// 194 MB at 160 MB.
/// </summary>
public sealed class GitPushMemoryTests(ITestOutputHelper output)
{
    /// <summary>How much more the 160 MB snapshot's step may hold than the 16 MB one's.</summary>
    private const int SlackMegabytes = 24;

    [Fact]
    public async Task CommitPushPack_Parts_PeakFlatFrom16To160MB_OneBlobPushGrows()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));

        var small = await GitBlobMemoryChild.RunAsync(16, timeout.Token);
        var large = await GitBlobMemoryChild.RunAsync(160, timeout.Token);

        foreach (var (step, mb) in large)
        {
            output.WriteLine($"{step}: {small.GetValueOrDefault(step)} MB at 16 MB, {mb} MB at 160 MB");
        }
        foreach (var step in new[] { "DatasetRepository.CommitSnapshot (parts)", "push (folder remote), parts", "DatasetRepository.Pack (parts)" })
        {
            Assert.True(large[step] <= small[step] + SlackMegabytes, $"{step}: {small[step]} MB at 16 MB but {large[step]} MB at 160 MB: grows with the snapshot");
        }
        Assert.True(large["push (folder remote), one blob (layout before parts)"] >= 100,
            $"the one-blob push held {large["push (folder remote), one blob (layout before parts)"]} MB of a 160 MB snapshot: the measure does not see the pack builder");
    }
}
