using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mao.Federation.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

/// <summary>A real etcd serving TLS with a certificate from our own CA; the registry trusts exactly that CA.</summary>
public sealed class EtcdTlsTests(EtcdTlsTests.TlsEtcd etcd) : IClassFixture<EtcdTlsTests.TlsEtcd>
{
    [Fact]
    public async Task HttpsEndpointWithOwnCa_PutAndGetWork()
    {
        var timeout = TestSnapshots.Timeout(30);
        using var registry = new EtcdRegistry(new EtcdOptions { Endpoints = etcd.Endpoint, TlsCaFile = etcd.CaFile });

        await registry.PutAsync("/mao/tls-check", "over tls", 0, timeout);

        Assert.Equal("over tls", (await registry.GetAsync("/mao/tls-check", timeout))!.Value);
    }

    [Fact]
    public async Task HttpsEndpointWithoutTrustingTheCa_RefusedNotSilentlyInsecure()
    {
        using var registry = new EtcdRegistry(new EtcdOptions { Endpoints = etcd.Endpoint, CallTimeout = TimeSpan.FromSeconds(2) });

        await Assert.ThrowsAsync<RegistryUnavailableException>(() => registry.GetAsync("/mao/tls-check", TestSnapshots.Timeout(30)));
    }

    /// <summary>CA and server certificate made here, etcd started with them on free ports.</summary>
    public sealed class TlsEtcd : IAsyncLifetime
    {
        private readonly TempFolder _folder = new("mao-etcd-tls");
        private readonly int _clientPort = FreePorts.Next();
        private readonly int _peerPort = FreePorts.Next();
        private ServiceProcess? _process;

        public string Endpoint => $"https://127.0.0.1:{_clientPort}";

        public string CaFile => _folder.Combine("ca.pem");

        public async Task InitializeAsync()
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=mao test ca", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            // One clock reading for both certificates: the server's may not outlive the CA's by the second between two reads.
            var now = DateTimeOffset.UtcNow;
            using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
            using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(names.Build());
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(1), [1, 2, 3, 4]);
            await File.WriteAllTextAsync(CaFile, ca.ExportCertificatePem());
            await File.WriteAllTextAsync(_folder.Combine("server.pem"), server.ExportCertificatePem());
            await File.WriteAllTextAsync(_folder.Combine("server-key.pem"), serverKey.ExportPkcs8PrivateKeyPem());
            var peer = $"http://127.0.0.1:{_peerPort}";
            _process = ServiceProcess.Start(await LocalStackBinaries.EtcdAsync(),
            [
                "--name", "tls0", "--data-dir", _folder.Combine("data"),
                "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
                "--cert-file", _folder.Combine("server.pem"), "--key-file", _folder.Combine("server-key.pem"),
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"tls0={peer}",
            ], _folder.Combine("etcd.log"));
            await FreePorts.WaitOpenAsync(_clientPort, "etcd (tls)", TimeSpan.FromSeconds(30), () => _process.LogTail());
        }

        public Task DisposeAsync()
        {
            _process?.Dispose();
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
