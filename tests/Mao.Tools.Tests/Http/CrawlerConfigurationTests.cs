using Mao.Tools.DockerHub;
using Mao.Tools.Http;
using Mao.Tools.Sar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mao.Tools.Tests.Http;

public class CrawlerConfigurationTests
{
    [Fact]
    public void Build_NoSettings_DefaultsToTheRealServices()
    {
        using var services = CrawlerServices.Build();
        var hub = services.GetRequiredService<IOptions<DockerHubOptions>>().Value;
        Assert.Equal("https://hub.docker.com/", hub.HubBaseUrl.ToString());
        Assert.Equal("https://registry-1.docker.io/", hub.RegistryBaseUrl.ToString());
        Assert.Equal("https://auth.docker.io/", hub.AuthBaseUrl.ToString());
        Assert.Equal(["library"], hub.EffectiveNamespaces);
        Assert.Equal("https://artifacthub.io/", services.GetRequiredService<IOptions<Mao.Tools.ArtifactHub.ArtifactHubOptions>>().Value.BaseUrl.ToString());
        Assert.StartsWith("https://shr32taah3.execute-api.us-east-1.amazonaws.com/Prod", services.GetRequiredService<IOptions<SarOptions>>().Value.BaseUrl.ToString());
    }

    [Fact]
    public void Build_EnvironmentVariable_OverridesBaseUrl()
    {
        const string name = "MAO__DOCKERHUB__REGISTRYBASEURL";
        Environment.SetEnvironmentVariable(name, "http://mirror.example:5000/");
        try
        {
            using var services = CrawlerServices.Build();
            Assert.Equal("http://mirror.example:5000/", services.GetRequiredService<IOptions<DockerHubOptions>>().Value.RegistryBaseUrl.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Build_NamespaceList_Bound()
    {
        using var services = CrawlerServices.Build(new Dictionary<string, string?>
        {
            ["Mao:DockerHub:Namespaces:0"] = "library",
            ["Mao:DockerHub:Namespaces:1"] = "bitnami",
        });
        Assert.Equal(["library", "bitnami"], services.GetRequiredService<IOptions<DockerHubOptions>>().Value.EffectiveNamespaces);
    }
}
