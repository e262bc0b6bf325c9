using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Mao.Testing;

namespace Mao.Infra.Tests;

/// <summary>The Azure deployment template compiles and passes the Bicep linter, with the CLI the NuGet package ships.</summary>
public sealed class BicepTemplateTests
{
    private static readonly string Template = RepoPaths.Combine("infra", "azure", "main.bicep");

    [Fact]
    public async Task Build_MainTemplate_ProducesArmWithFunctionAppOnFlexPlan()
    {
        var (exit, output, error) = await RunBicepAsync("build", Template, "--stdout");

        Assert.True(exit == 0, error);
        using var arm = JsonDocument.Parse(output);
        var resources = arm.RootElement.GetProperty("resources");
        var types = ResourceTypes(resources);
        Assert.Contains("Microsoft.Web/sites", types);
        Assert.Contains("Microsoft.Storage/storageAccounts", types);
        var plan = FindResource(resources, "Microsoft.Web/serverfarms");
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        var settings = FindResource(resources, "Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToHashSet();
        // Every setting FederationSettings.FromConfiguration and host.json read in the Functions app.
        Assert.Superset(new HashSet<string?>
        {
            "AzureWebJobsStorage", "MAO_SITE_ID", "MAO_TASK_HUB", "MAO_STORAGE_CONNECTION", "MAO_ETCD_ENDPOINTS", "MAO_ETCD_USER",
            "MAO_ETCD_PASSWORD", "MAO_GIT_REMOTE", "MAO_PUBLIC_ENDPOINT", "MAO_DATA_DIR", "MAO_API_KEY", "MAO_TOOLS",
        }, settings);
        // Each tool-run timer's schedule and switch (functions/ToolRunTimers.cs), and the manifests' schedules as defaults.
        Assert.Superset(new HashSet<string?>
        {
            "MAO_SCHEDULE_AWS_SAR", "AzureWebJobs.ToolRunAwsSar.Disabled",
            "MAO_SCHEDULE_ARTIFACTHUB_HELM", "AzureWebJobs.ToolRunArtifactHubHelm.Disabled",
            "MAO_SCHEDULE_DOCKERHUB_TAGS", "AzureWebJobs.ToolRunDockerHubTags.Disabled",
            "MAO_SCHEDULE_DOCKERFILE_LINT", "AzureWebJobs.ToolRunDockerfileLint.Disabled",
        }, settings);
        var defaults = arm.RootElement.GetProperty("variables").GetProperty("defaultSchedules");
        Assert.Equal(["artifacthub-helm", "aws-sar", "dockerfile-lint", "dockerhub-tags"], defaults.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(defaults.EnumerateObject(), p => Assert.Equal(6, p.Value.GetString()!.Split(' ').Length));
        var endpoint = FindResource(resources, "Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().Single(s => s.GetProperty("name").GetString() == "MAO_PUBLIC_ENDPOINT").GetProperty("value").GetString();
        Assert.StartsWith("[format('https://{0}.azurewebsites.net'", endpoint);
        Assert.Equal("securestring", arm.RootElement.GetProperty("parameters").GetProperty("apiKey").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, arm.RootElement.GetProperty("parameters").GetProperty("etcdPassword").ValueKind);
        Assert.Equal("securestring", arm.RootElement.GetProperty("parameters").GetProperty("etcdPassword").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Lint_MainTemplate_ReportsNothing()
    {
        var (exit, output, error) = await RunBicepAsync("lint", Template);

        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Warning", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_BrokenTemplate_ReportsTheLine()
    {
        using var temp = new TempFolder();
        var broken = temp.Combine("broken.bicep");
        await File.WriteAllTextAsync(broken, "param siteId string\nresource x 'Microsoft.Web/sites@2024-04-01' = {\n  name: siteId\n  location: undefinedThing\n}\n");

        var (exit, output, error) = await RunBicepAsync("build", broken, "--stdout");

        Assert.NotEqual(0, exit);
        Assert.Contains("broken.bicep(4,", output + error, StringComparison.Ordinal);
    }

    private static HashSet<string> ResourceTypes(JsonElement resources) =>
        Enumerate(resources).Select(r => r.GetProperty("type").GetString()!).ToHashSet();

    private static JsonElement FindResource(JsonElement resources, string type) =>
        Enumerate(resources).Single(r => r.GetProperty("type").GetString() == type);

    // Bicep emits resources as an array, or as an object keyed by symbolic name with newer language features.
    private static IEnumerable<JsonElement> Enumerate(JsonElement resources) =>
        resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray() : resources.EnumerateObject().Select(p => p.Value);

    private static async Task<(int Exit, string Output, string Error)> RunBicepAsync(params string[] arguments)
    {
        var bicep = typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value!.Replace('\\', '/');
        var info = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(info.ArgumentList.Add);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
