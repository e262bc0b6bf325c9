using System.Net;
using System.Text;
using System.Text.Json;
using Mao.Cli.Commands;
using Mao.Testing;

namespace Mao.Cli.Tests;

/// <summary>`mao site status|run-status|verified --json` against a stand-in site API that answers one canned body.</summary>
public sealed class SiteClientJsonTests : IDisposable
{
    private const string Body = """{"tool":"dockerhub","runtimeStatus":"Completed","progress":{"stage":"done","unitsDone":3,"unitsTotal":3,"records":42}}""";
    private readonly HttpListener _listener = new();
    private readonly string _api;
    private readonly List<string> _paths = [];

    public SiteClientJsonTests()
    {
        var port = FreePorts.Next();
        _api = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_api);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                lock (_paths)
                {
                    _paths.Add(context.Request.Url!.PathAndQuery);
                }
                var bytes = Encoding.UTF8.GetBytes(Body);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    [Theory]
    [InlineData("/api/runs/dockerhub/2026-01-05", "run-status", "dockerhub", "2026-01-05", "--wait")]
    [InlineData("/api/rounds/dockerhub/2026-01-05", "status", "dockerhub", "2026-01-05", "--wait")]
    [InlineData("/api/verified?tool=dockerhub", "verified", "dockerhub")]
    [InlineData("/api/verified?from=2026-01-01&to=2026-01-31&limit=5", "verified", "--from", "2026-01-01", "--to", "2026-01-31", "--limit", "5")]
    public async Task Json_IsOnlyTheApisAnswer(string path, params string[] args)
    {
        var output = new StringWriter();

        var exit = await new SiteCommand(output).Build().Parse([.. args, "--json", "--api", _api]).InvokeAsync();

        Assert.True(exit == 0, output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(42, json.RootElement.GetProperty("progress").GetProperty("records").GetInt32());
        Assert.Contains(path, _paths);
    }

    [Fact]
    public async Task Text_StartsWithTheStatusLine()
    {
        var output = new StringWriter();

        await new SiteCommand(output).Build().Parse(["run-status", "dockerhub", "2026-01-05", "--api", _api]).InvokeAsync();

        Assert.StartsWith("200 OK", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamesStageUnitsAndRecords() =>
        Assert.Equal("Completed, stage done, units 3/3, 42 records", SiteApiOutput.Describe(Body));

    [Fact]
    public void Describe_CountsUnitsTakenFromThePreviousRun() =>
        Assert.Equal("Running, stage fetching, units 7/9, 40 records, 2 reused, 1 carried over",
            SiteApiOutput.Describe("""{"runtimeStatus":"Running","progress":{"stage":"fetching","unitsDone":7,"unitsTotal":9,"records":40,"reused":2,"carriedOver":1,"missing":0}}"""));

    public void Dispose() => _listener.Close();
}
