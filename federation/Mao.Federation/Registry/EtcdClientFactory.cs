using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using dotnet_etcd;

namespace Mao.Federation.Registry;

/// <summary>Builds a dotnet-etcd client from <see cref="EtcdOptions"/>: comma endpoint list, user/password, TLS with an own CA.</summary>
internal static class EtcdClientFactory
{
    public static EtcdClient Create(EtcdOptions options)
    {
        options.Validate();
        var endpoints = string.Join(',', options.Endpoints.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (!options.UsesTls)
        {
            return options.Username is null
                ? new EtcdClient(endpoints)
                : new EtcdClient(endpoints, options.Username, options.Password!);
        }
        var client = new EtcdClient(endpoints, ssl => ConfigureTls(ssl, options), serverName: FirstHost(endpoints));
        if (options.Username is not null)
        {
            client.SetCredentials(options.Username, options.Password!);
        }
        return client;
    }

    private static void ConfigureTls(SslClientAuthenticationOptions ssl, EtcdOptions options)
    {
        if (options.TlsClientCertFile is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.TlsClientCertFile, options.TlsClientKeyFile);
            ssl.ClientCertificates = [certificate];
        }
        if (options.TlsCaFile is null)
        {
            return;
        }
        var authority = X509CertificateLoader.LoadCertificateFromFile(options.TlsCaFile);
        // Trust exactly our CA for etcd (a private cluster's CA is rarely in the system store).
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }

    private static string FirstHost(string endpoints) => new Uri(endpoints.Split(',')[0]).Host;
}
