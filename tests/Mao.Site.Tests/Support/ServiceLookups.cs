using Mao.Federation.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Mao.Site.Tests.Support;

internal static class ServiceLookups
{
    public static FederationRegistry GetRegistry(this IServiceProvider services) => services.GetRequiredService<FederationRegistry>();
}
