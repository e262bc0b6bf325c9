using System.Net;
using Mao.Orchestrations.Api;
using Mao.Orchestrations.Local;
using Mao.Orchestrations.Rounds;
using Mao.Site.Tests.Support;
using Mao.Testing;

namespace Mao.Site.Tests.Integration;

/// <summary>
/// Durability: the site host process is SIGKILLed in the middle of a round (after the announcement and one answer,
/// while it waits on answers and its deadline timer); a new host process on the same task hub finishes the round,
/// and the round is announced once and published exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostKillTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _data = new("mao-kill");

    [Fact]
    public async Task HostKilledMidRound_NewHostCompletesTheRoundExactlyOnce()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        var siteData = _data.Combine("site-a");
        var folder = new SiteDataFolder(siteData);
        var journal = new ActivityJournal(folder);
        var own = await new FolderSnapshotSource(folder, journal).SaveOwnAsync(
            TestSnapshots.Make("site-a", ("nginx", 10, "amd64", ["web"]), ("redis", 4, "arm64", ["db"])), ct);
        var b = TestSnapshots.WritePeer(_data.Path, TestSnapshots.Make("site-b", ("nginx", 12, "amd64", ["web"]), ("redis", 4, "arm64", ["db"])));
        var c = TestSnapshots.WritePeer(_data.Path, TestSnapshots.Make("site-c", ("nginx", 14, "amd64", ["web"]), ("redis", 5, "arm64", ["db"])));
        var hub = TestSites.UniqueHub();
        // Long enough that the deadline timer is still pending when the first host dies and fires on the second.
        var due = DateTime.UtcNow.AddSeconds(25);

        int firstPid;
        using (var first = await SiteProcess.StartAsync(azurite, siteData, hub, _data.Combine("first.log"), ct))
        {
            firstPid = first.Pid;
            using var api = new ApiClient(first.ApiAddress);
            Assert.Equal(HttpStatusCode.Accepted,
                (await api.PostAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool, "kill1", own, ["site-b", "site-c", "site-d"], AnswersDue: due), ct)).Status);
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("api/rounds/kill1/answers", new RoundAnswer("site-b", false, b), ct)).Status);
            await WaitUntilAsync(api, status => status.Progress?.Answered.Contains("site-b") == true, ct);
            first.Kill();
        }
        Assert.DoesNotContain(journal.ReadAll(), e => e.Activity == "publish");

        using var second = await SiteProcess.StartAsync(azurite, siteData, hub, _data.Combine("second.log"), ct);
        using (var api = new ApiClient(second.ApiAddress))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync("api/rounds/kill1/answers", new RoundAnswer("site-c", false, c), ct)).Status);
            var status = await api.WaitFinishedAsync("kill1", ct);

            Assert.True(status.RuntimeStatus == "Completed", $"round ended {status.RuntimeStatus}: {status.Failure}\n{second.LogTail()}");
            Assert.Equal(["site-b", "site-c"], status.Result!.Answered);
            Assert.Equal(["site-d"], status.Result.TimedOut);
            Assert.Equal(["site-a", "site-b", "site-c"], status.Result.Support);
        }

        var entries = journal.ReadAll();
        var announce = Assert.Single(entries, e => e.Activity == "announce");
        Assert.Equal(firstPid, announce.ProcessId);
        var publish = Assert.Single(entries, e => e.Activity == "publish");
        Assert.Equal(nameof(CreateOnlyFile.Outcome.Created), publish.Outcome);
        Assert.Equal(second.Pid, publish.ProcessId);
        Assert.Equal(["kill1.json"], Directory.GetFiles(folder.PublishedFolder(TestSnapshots.Tool), "*.json").Select(Path.GetFileName));
    }

    [Fact]
    public async Task HostKilledWhileAFetchActivityRuns_NewHostReRunsItAndPublishesOnce()
    {
        using var timeout = TestSites.Timeout(90);
        var ct = timeout.Token;
        var siteData = _data.Combine("site-a");
        var folder = new SiteDataFolder(siteData);
        var journal = new ActivityJournal(folder);
        var own = await new FolderSnapshotSource(folder, journal).SaveOwnAsync(TestSnapshots.Make("site-a", ("nginx", 10, "amd64", ["web"])), ct);
        // site-b's snapshot is first a named pipe: the fetch activity blocks reading it, so the kill lands mid-activity.
        var real = TestSnapshots.Make("site-b", ("nginx", 12, "amd64", ["web"]));
        var pipe = _data.Combine($"{real.ContentId}.jsonl");
        MakeFifo(pipe);
        var hub = TestSites.UniqueHub();

        int firstPid;
        using (var first = await SiteProcess.StartAsync(azurite, siteData, hub, _data.Combine("first.log"), ct))
        {
            firstPid = first.Pid;
            using var api = new ApiClient(first.ApiAddress);
            await api.PostAsync("api/rounds", new StartRoundBody(TestSnapshots.Tool, "kill2", own, ["site-b"], AnswerWindowSeconds: 60), ct);
            await api.PostAsync("api/rounds/kill2/answers", new RoundAnswer("site-b", false, new SnapshotPointer(real.ContentId, pipe)), ct);
            while (!IsWaitingOnAPipe(first.Pid))
            {
                await Task.Delay(100, ct);
            }
            first.Kill();
        }
        File.Delete(pipe);
        await File.WriteAllBytesAsync(pipe, Core.Serialization.SnapshotJsonLines.ToBytes(real), ct);

        using var second = await SiteProcess.StartAsync(azurite, siteData, hub, _data.Combine("second.log"), ct);
        using (var api = new ApiClient(second.ApiAddress))
        {
            var status = await api.WaitFinishedAsync("kill2", ct);
            Assert.True(status.RuntimeStatus == "Completed", $"round ended {status.RuntimeStatus}: {status.Failure}\n{second.LogTail()}");
            Assert.Equal(["site-a", "site-b"], status.Result!.Support);
        }
        var entries = journal.ReadAll();
        Assert.Equal(firstPid, Assert.Single(entries, e => e.Activity == "announce").ProcessId);
        Assert.Equal(second.Pid, Assert.Single(entries, e => e.Activity == "fetch").ProcessId);
        var publish = Assert.Single(entries, e => e.Activity == "publish");
        Assert.Equal((second.Pid, "Created"), (publish.ProcessId, publish.Outcome));
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>
    /// Whether a thread of the process is blocked opening a named pipe for reading (kernel wait channel
    /// "wait_for_partner"): the fetch activity is then in flight, since nothing else here opens a pipe.
    /// </summary>
    private static bool IsWaitingOnAPipe(int pid)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "wchan")) == "wait_for_partner")
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended while we looked.
            }
        }
        return false;
    }

    private static async Task WaitUntilAsync(ApiClient api, Func<RoundStatus, bool> condition, CancellationToken ct)
    {
        while (true)
        {
            var (status, body) = await api.GetAsync("api/rounds/kill1", ct);
            if (status == HttpStatusCode.OK && condition(System.Text.Json.JsonSerializer.Deserialize<RoundStatus>(body, Core.Serialization.MaoJson.Options)!))
            {
                return;
            }
            await Task.Delay(200, ct);
        }
    }

    public void Dispose() => _data.Dispose();
}
