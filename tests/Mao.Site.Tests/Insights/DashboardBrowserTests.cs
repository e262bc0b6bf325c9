using Mao.Federation.Registry;
using Mao.Federation.Registry.Documents;
using Mao.Site.Tests.Support;
using Mao.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using SkiaSharp;

namespace Mao.Site.Tests.Insights;

/// <summary>
/// The dashboard in a real headless chromium (Debian's chromium + chromedriver, infra/local/install-browser.sh) against
/// a real site host after real rounds: no console errors, the tables show the sites (one live, one stopped and gone), the verified result and a notification, the chart renders (a screenshot of it is not blank).
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class DashboardBrowserTests(AzuriteFixture azurite, EtcdFixture etcd)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";

    [Fact]
    public async Task Dashboard_LoadsWithoutConsoleErrors_ShowsSitesVerifiedResultsAndAChart()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(Path.Combine(DriverFolder, "chromedriver")),
            $"{Chromium} and {DriverFolder}/chromedriver are needed: run infra/local/install-browser.sh");
        using var timeout = TestSites.Timeout(240);
        await using var bed = await InsightBed.StartAsync(azurite, etcd, timeout.Token);
        // A signed notification of site-b: the dashboard lists it (site-a's API verified it).
        var siteB = bed.Federation["site-b"].Services.GetRequiredService<FederationRegistry>();
        await siteB.NotifyAsync(new Notification(InsightBed.Tool, "2026-11-27", "site-b", 1, "sum:size", new DateOnly(2026, 11, 27), 175, 150,
            "robust-z", "warning", DateTimeOffset.UtcNow), timeout.Token);
        // site-b stops: its card goes with its lease and the dashboard shows it gone (its key keeps it a member).
        await bed.Federation.StopAsync("site-b");
        using (var http = bed.Http())
        {
            while (!(await http.GetStringAsync("api/sites", timeout.Token)).Contains("\"live\":false", StringComparison.Ordinal))
            {
                await Task.Delay(200, timeout.Token);
            }
        }
        using var driver = StartBrowser();

        driver.Navigate().GoToUrl(new Uri(bed.Api, $"/?tool={InsightBed.Tool}&metric=records&from=2026-11-20&to=2026-11-30"));
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(60));
        var status = wait.Until(d => d.FindElement(By.Id("status")).Text is var text && text != "loading…" ? text : null);

        Assert.StartsWith("loaded", status);
        var sites = driver.FindElements(By.CssSelector("#sites tbody tr")).Select(r => r.Text).ToArray();
        Assert.Equal(2, sites.Length);
        Assert.StartsWith("site-a (this site)", sites[0], StringComparison.Ordinal);
        Assert.EndsWith("live", sites[0], StringComparison.Ordinal);
        Assert.StartsWith("site-b", sites[1], StringComparison.Ordinal);
        Assert.EndsWith("gone", sites[1], StringComparison.Ordinal);
        var verified = driver.FindElements(By.CssSelector("#verified tbody tr")).Select(r => r.Text).ToArray();
        var day2 = Assert.Single(verified, r => r.StartsWith("imgs 2026-11-27", StringComparison.Ordinal));
        Assert.Contains("2: site-a, site-b", day2);
        // Each site's decision: site-a's own, and site-b (stopped) is gone, so it cannot be asked.
        Assert.Contains("site-a: accepted", day2);
        Assert.Contains("site-b: gone", day2);
        Assert.Contains(verified, r => r.StartsWith("dockerfile-lint 2026-11-27", StringComparison.Ordinal));
        // Tools and their last runs: filled from /api/runs (a failed read would have turned the status into an error).
        Assert.NotEmpty(driver.FindElements(By.CssSelector("#runs tbody tr")));
        // The chart: the img loaded a real image from /api/charts.
        var width = wait.Until(d => ((IJavaScriptExecutor)d).ExecuteScript(
            "const img = document.getElementById('chart'); return img.complete && img.naturalWidth > 0 ? img.naturalWidth : null;"));
        Assert.Equal(900L, width);
        // What the browser drew, not only what it loaded: a blank or broken image has a handful of colours, a chart with
        // text, grid and antialiased lines has many, and the plotted series is not the page's background.
        var shot = ((ITakesScreenshot)driver.FindElement(By.Id("chart"))).GetScreenshot().AsByteArray;
        using (var bitmap = SKBitmap.Decode(shot))
        {
            Assert.True(bitmap.Width >= 450 && bitmap.Height >= 225, $"chart screenshot is {bitmap.Width}x{bitmap.Height}");
            var colours = new HashSet<SKColor>();
            var notWhite = 0;
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    var pixel = bitmap.GetPixel(x, y);
                    colours.Add(pixel);
                    notWhite += pixel.Red < 240 || pixel.Green < 240 || pixel.Blue < 240 ? 1 : 0;
                }
            }
            Assert.True(colours.Count > 50, $"the chart screenshot has only {colours.Count} colours: blank?");
            Assert.True(notWhite > 500, $"the chart screenshot has only {notWhite} sampled pixels that are not white: blank?");
        }
        Assert.Contains("no alerts over 2 days", driver.FindElement(By.Id("alerts")).Text);
        var note = Assert.Single(driver.FindElements(By.CssSelector("#notifications tbody tr"))).Text;
        Assert.Equal("2026-11-27 imgs sum:size 175 150.0 warning robust-z site-b", note);
        var errors = driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToArray();
        Assert.True(errors.Length == 0, "browser console: " + string.Join("\n", errors));
    }

    [Fact]
    public async Task Dashboard_PageAndAssets_AreServedFromTheAssembly()
    {
        using var timeout = TestSites.Timeout(120);
        var ct = timeout.Token;
        await using var federation = new TestFederation(azurite, etcd);
        await federation.StartAsync(ct, "site-a");
        using var http = federation.Http("site-a");

        var page = await http.GetStringAsync("/", ct);
        Assert.Equal(page, await http.GetStringAsync("/dashboard", ct));
        // Relative, so the same page works at /api/dashboard under the Functions app.
        Assert.Contains("<script src=\"dashboard/dashboard.js\">", page);
        Assert.Contains("<table id=\"runs\">", page);
        Assert.DoesNotContain("https://", page);
        Assert.Contains("async function main()", await http.GetStringAsync("/dashboard/dashboard.js", ct));
        using var css = await http.GetAsync("/dashboard/dashboard.css", ct);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    private static ChromeDriver StartBrowser()
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
