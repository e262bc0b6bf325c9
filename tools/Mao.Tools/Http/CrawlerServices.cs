using System.Net;
using Mao.Tools.ArtifactHub;
using Mao.Tools.DockerHub;
using Mao.Tools.Sar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Mao.Tools.Http;

/// <summary>Registers the crawlers' typed clients, their options and the shared transport pipeline.</summary>
public static class CrawlerServices
{
    /// <summary>
    /// Options come from <paramref name="configuration"/>: sections <c>Mao:Http</c>, <c>Mao:DockerHub</c>,
    /// <c>Mao:ArtifactHub</c>, <c>Mao:Sar</c> (environment: <c>MAO__DOCKERHUB__HUBBASEURL</c> ...).
    /// </summary>
    public static IServiceCollection AddMaoCrawlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrawlHttpOptions>().Bind(configuration.GetSection(CrawlHttpOptions.Section));
        services.AddOptions<DockerHubOptions>().Bind(configuration.GetSection(DockerHubOptions.Section))
            .Validate(o => o.Username.Length > 0 == o.AccessToken.Length > 0,
                "Mao:DockerHub: Username and AccessToken go together (MAO__DOCKERHUB__USERNAME, MAO__DOCKERHUB__ACCESSTOKEN): set both or neither");
        // Kept by digest under the crawl's state folder; a host may register a blob-backed cache instead.
        services.TryAddSingleton<IManifestCache>(provider =>
            new FileManifestCache(provider.GetRequiredService<IOptions<DockerHubOptions>>().Value.EffectiveManifestCacheDirectory));
        services.AddOptions<ArtifactHubOptions>().Bind(configuration.GetSection(ArtifactHubOptions.Section));
        services.AddOptions<SarOptions>().Bind(configuration.GetSection(SarOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RateLimitGate>();
        services.AddTransient<RateLimitHandler>();
        services.AddTransient<BodyBufferingHandler>();

        AddCrawlerClient<HubApiClient>(services);
        AddCrawlerClient<RegistryClient>(services);
        AddCrawlerClient<ArtifactHubClient>(services);
        AddCrawlerClient<SarClient>(services);
        services.AddTransient<RepositoryTags>();
        services.AddTransient<DockerHubCrawler>();
        services.AddTransient<ArtifactHubCrawler>();
        services.AddTransient<SarCrawler>();
        return services;
    }

    /// <summary>A service provider with the crawlers, configured from the given settings and the MAO__* environment.</summary>
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings ?? [])
            .Build();
        return new ServiceCollection().AddMaoCrawlers(configuration).BuildServiceProvider();
    }

    private static void AddCrawlerClient<TClient>(IServiceCollection services)
        where TClient : class
    {
        var builder = services.AddHttpClient<TClient>()
            .ConfigureHttpClient((provider, client) =>
            {
                var http = provider.GetRequiredService<IOptions<CrawlHttpOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(http.UserAgent);
                // The resilience pipeline owns timeouts; HttpClient's own must not cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var http = provider.GetRequiredService<IOptions<CrawlHttpOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = Math.Max(1, http.MaxRedirects),
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            });

        // Outer: retries and timeouts; then the rate-limit gate, so every attempt waits its turn; innermost the body
        // is read within the attempt, so timeouts and retries cover the body, not just the headers.
        builder.AddStandardResilienceHandler().Configure((options, provider) =>
        {
            var http = provider.GetRequiredService<IOptions<CrawlHttpOptions>>().Value;
            options.AttemptTimeout.Timeout = http.AttemptTimeout;
            options.TotalRequestTimeout.Timeout = http.TotalTimeout;
            options.CircuitBreaker.SamplingDuration = http.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
            options.Retry.MaxRetryAttempts = Math.Max(1, http.MaxRetries);
            options.Retry.Delay = http.RetryBaseDelay;
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = true;
            options.Retry.ShouldRetryAfterHeader = true;
            options.Retry.MaxDelay = http.MaxRateLimitWait;
        });
        builder.AddHttpMessageHandler<RateLimitHandler>();
        builder.AddHttpMessageHandler<BodyBufferingHandler>();
    }
}
