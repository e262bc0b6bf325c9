using Mao.Core;
using Mao.Site.Hosting;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Hosting;

public sealed class SiteOptionsTests
{
    private static SiteOptions From(params (string Key, string Value)[] settings) =>
        SiteOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void FromConfiguration_EnvironmentNames_AreRead()
    {
        var options = From(("MAO_SITE_ID", "zurich-1"), ("MAO_STORAGE_CONNECTION", "UseDevelopmentStorage=true"),
            ("MAO_API_PORT", "8100"), ("MAO_PEERS", "a, b"), ("MAO_DURABLE_LEASE_SECONDS", "9"));

        options.Validate();
        Assert.Equal("zurich-1", options.SiteId);
        Assert.Equal(8100, options.ApiPort);
        Assert.Equal(["a", "b"], options.Peers);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Durable.LeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Durable.LeaseRenewInterval);
        Assert.Equal("maozurich1", options.EffectiveTaskHub);
    }

    [Fact]
    public void FromConfiguration_SectionNames_WinOverEnvironmentNames()
    {
        var options = From(("Mao:Storage:ConnectionString", "A"), ("MAO_STORAGE_CONNECTION", "B"));
        Assert.Equal("A", options.StorageConnectionString);
    }

    [Fact]
    public void FromConfiguration_PortNotANumber_NamesTheSetting() =>
        Assert.Contains("MAO_GRPC_PORT 'x'", Assert.Throws<MaoFormatException>(() => From(("MAO_GRPC_PORT", "x"))).Message);

    [Fact]
    public void FromConfiguration_GatewayLimit_IsReadAndANonNumberNamed()
    {
        Assert.Equal(4096, From(("MAO_GATEWAY_MAX_SNAPSHOT_BYTES", "4096")).Gateway.MaxSnapshotBytes);
        Assert.Contains("MAO_GATEWAY_MAX_SNAPSHOT_BYTES '4k'",
            Assert.Throws<MaoFormatException>(() => From(("MAO_GATEWAY_MAX_SNAPSHOT_BYTES", "4k"))).Message);
        Assert.Contains("gateway snapshot limit 0", Assert.Throws<MaoFormatException>(() =>
            From(("MAO_STORAGE_CONNECTION", "x"), ("Mao:Gateway:MaxSnapshotBytes", "0")).Validate()).Message);
    }

    [Fact]
    public void FromConfiguration_ApiAddress_IsReadForOtherMachines_AndANonAddressNamed()
    {
        var everywhere = From(("MAO_STORAGE_CONNECTION", "x"), ("MAO_API_ADDRESS", "0.0.0.0"));
        everywhere.Validate();
        Assert.Equal("0.0.0.0", everywhere.ApiAddress);
        Assert.Equal("127.0.0.1", From(("MAO_STORAGE_CONNECTION", "x")).ApiAddress);
        Assert.Equal("::", From(("Mao:Api:Address", "::"), ("MAO_API_ADDRESS", "0.0.0.0")).ApiAddress);
        Assert.Contains("API address 'mao.example.org' is not an IP address (MAO_API_ADDRESS)", Assert.Throws<MaoFormatException>(() =>
            From(("MAO_STORAGE_CONNECTION", "x"), ("MAO_API_ADDRESS", "mao.example.org")).Validate()).Message);
    }

    [Fact]
    public void Validate_NoStorage_SaysHowToGiveIt() =>
        Assert.Contains("MAO_STORAGE_CONNECTION", Assert.Throws<MaoFormatException>(() => new SiteOptions().Validate()).Message);

    [Fact]
    public void Validate_BadSiteId_IsRefused() =>
        Assert.Contains("site id", Assert.Throws<MaoFormatException>(() =>
            new SiteOptions { SiteId = "Site A", StorageConnectionString = "x" }.Validate()).Message);

    [Fact]
    public void Validate_ObsoleteGrpcPortEqualToTheApiPort_IsAccepted() =>
        // The sidecar binds no TCP port any more (a Unix socket), so the old gRPC port cannot collide with the API.
        new SiteOptions { StorageConnectionString = "x", ApiPort = 9000, GrpcPort = 9000 }.Validate();

    [Fact]
    public void SidecarSocket_LongDataFolder_MovesToAPrivateTemporaryFolder()
    {
        Assert.Equal(Path.Combine(Path.GetFullPath("/srv/mao"), "sidecar", "sidecar.sock"), SidecarSocket.PathFor("/srv/mao"));
        var path = SidecarSocket.PathFor("/srv/" + new string('d', 120));
        Assert.StartsWith(Path.GetTempPath(), path);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(path) <= 100, path);
    }

    [Fact]
    public void DefaultTaskHub_LongSiteId_IsCutTo45Characters() =>
        Assert.Equal(45, SiteOptions.DefaultTaskHub(new string('a', 63)).Length);
}
