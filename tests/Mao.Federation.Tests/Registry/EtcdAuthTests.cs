using Authpb;
using dotnet_etcd;
using Etcdserverpb;
using Mao.Federation.Registry;
using Mao.Testing;

namespace Mao.Federation.Tests.Registry;

/// <summary>
/// etcd with auth on: each site is a user whose role may write only its own keys. Own etcd (auth changes the cluster),
/// set up in code (infra/local/etcd-secure.sh and LocalStackAuthTests cover the full role).
/// </summary>
public sealed class EtcdAuthTests(EtcdAuthTests.AuthEtcd etcd) : IClassFixture<EtcdAuthTests.AuthEtcd>
{
    private const string Root = "/mao";
    private readonly CancellationToken _timeout = TestSnapshots.Timeout(60);

    /// <summary>A single-member etcd with auth on, users root and site-a.</summary>
    public sealed class AuthEtcd : IAsyncLifetime
    {
        private readonly EtcdFixture _etcd = new();

        public string Endpoints => _etcd.Endpoints;

        public async Task InitializeAsync()
        {
            await _etcd.InitializeAsync();
            await EnableAuthAsync(_etcd.Endpoints);
        }

        public Task DisposeAsync() => _etcd.DisposeAsync();
    }

    private static async Task EnableAuthAsync(string endpoints)
    {
        using var admin = new EtcdClient(endpoints);
        await admin.UserAddAsync(new AuthUserAddRequest { Name = "root", Password = "root-secret" });
        await admin.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = "root", Role = "root" });
        await admin.RoleAddAsync(new AuthRoleAddRequest { Name = "site-a" });
        foreach (var prefix in new[] { $"{Root}/sites/site-a", $"{Root}/keys/site-a/", $"{Root}/answers/site-a/" })
        {
            await admin.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest
            {
                Name = "site-a",
                Perm = new Permission
                {
                    PermType = Permission.Types.Type.Readwrite,
                    Key = Google.Protobuf.ByteString.CopyFromUtf8(prefix),
                    RangeEnd = Google.Protobuf.ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(prefix)),
                },
            });
        }
        await admin.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest
        {
            Name = "site-a",
            Perm = new Permission
            {
                PermType = Permission.Types.Type.Read,
                Key = Google.Protobuf.ByteString.CopyFromUtf8(Root + "/"),
                RangeEnd = Google.Protobuf.ByteString.CopyFromUtf8(EtcdClient.GetRangeEnd(Root + "/")),
            },
        });
        await admin.UserAddAsync(new AuthUserAddRequest { Name = "site-a", Password = "a-secret" });
        await admin.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = "site-a", Role = "site-a" });
        await admin.AuthEnableAsync(new AuthEnableRequest());
    }

    [Fact]
    public async Task SiteUser_RegistersItsOwnCard_ButCannotWriteAnotherSitesKeys()
    {
        using var site = Site("site-a", "a-secret");
        await using var registration = await site.Registry.RegisterSiteAsync(site.Card(), TimeSpan.FromSeconds(10), _timeout);

        Assert.Equal(["site-a"], (await site.Registry.LiveSitesAsync(_timeout)).Select(c => c.Site));
        var error = await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => site.Etcd.PutAsync(site.Etcd.Keys.Site("site-b"), "{}", 0, _timeout));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordOrAnonymous_RefusedWithClearError()
    {
        using var wrong = Site("site-a", "not-the-password");
        using var anonymous = new TestSite(etcd.Endpoints, "site-a", Root);

        var wrongError = await Assert.ThrowsAnyAsync<Exception>(() => wrong.Registry.LiveSitesAsync(_timeout));
        var anonymousError = await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => anonymous.Registry.LiveSitesAsync(_timeout));

        Assert.Contains("refused", anonymousError.Message, StringComparison.Ordinal);
        Assert.True(wrongError is RegistryAccessDeniedException, wrongError.GetType().Name + ": " + wrongError.Message);
    }

    private TestSite Site(string user, string password) =>
        new(new EtcdOptions { Endpoints = etcd.Endpoints, Username = user, Password = password, KeyRoot = Root }, user);
}
