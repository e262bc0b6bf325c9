using Mao.Core;
using Mao.Federation.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mao.Site.Tests.Notifications;

public sealed class NotificationSettingsTests
{
    private static FederationSettings From(params (string Key, string Value)[] settings)
    {
        var all = settings.Append(("MAO_SITE_ID", "site-a")).Append(("MAO_STORAGE_CONNECTION", "UseDevelopmentStorage=true"));
        var result = FederationSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(all.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());
        result.DataDirectory = Path.GetTempPath();
        return result;
    }

    [Fact]
    public void AlertMetricsAndWebhooks_AreRead_PerToolWithARecordsDefault()
    {
        var settings = From(("MAO_ALERT_METRICS_DOCKERHUB_ARCH", "records; count:architectures=arm64"), ("MAO_WEBHOOKS", "https://a.example/hook, http://127.0.0.1:9/h"),
            ("MAO_ALERT_WINDOW", "7"), ("MAO_WEBHOOK_PASS_SECONDS", "5"));

        settings.Validate();
        Assert.Equal(["records", "count:architectures=arm64"], settings.AlertMetricsOf("dockerhub-arch"));
        Assert.Equal(["records"], settings.AlertMetricsOf("imgs"));
        Assert.Equal(["https://a.example/hook", "http://127.0.0.1:9/h"], settings.Webhooks);
        Assert.Equal(7, settings.AlertWindow);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.WebhookPass);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/hook")]
    [InlineData("ftp://a.example/hook")]
    public void Webhooks_NotHttp_AreRefusedNamingTheSetting(string hook) =>
        Assert.Contains("MAO_WEBHOOKS entry", Assert.Throws<MaoFormatException>(() => From(("MAO_WEBHOOKS", hook)).Validate()).Message);

    [Fact]
    public void AlertWindow_OutOfRange_IsRefused() =>
        Assert.Contains("MAO_ALERT_WINDOW 2", Assert.Throws<MaoFormatException>(() => From(("MAO_ALERT_WINDOW", "2")).Validate()).Message);
}
