using Xunit;

namespace Mao.Testing;

/// <summary>A real single-member etcd on free loopback ports with its own data folder.</summary>
public class EtcdFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new("mao-etcd");
    private readonly List<EtcdMember> _members = [];
    private readonly int _size;

    public EtcdFixture() : this(1)
    {
    }

    protected EtcdFixture(int size) => _size = size;

    public IReadOnlyList<EtcdMember> Members => _members;

    /// <summary>Comma list of client URLs, as dotnet-etcd and MAO_ETCD_ENDPOINTS take them.</summary>
    public string Endpoints => string.Join(',', _members.Select(m => m.ClientUrl));

    public async Task InitializeAsync()
    {
        var etcd = await LocalStackBinaries.EtcdAsync();
        var ports = Enumerable.Range(0, _size).Select(i => (Name: $"member{i}", Client: FreePorts.Next(), Peer: FreePorts.Next())).ToList();
        var cluster = EtcdMember.ClusterSpec(ports.Select(p => (p.Name, p.Peer)));
        foreach (var (name, client, peer) in ports)
        {
            _members.Add(new EtcdMember(etcd, name, _data.Path, cluster, client, peer));
        }
        _members.ForEach(m => m.Start());
        foreach (var member in _members)
        {
            await member.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>SIGKILL one member; the others keep a quorum.</summary>
    public void KillMember(int index) => _members[index].Kill();

    /// <summary>Restart a killed member with its data folder; it rejoins and catches up.</summary>
    public Task StartMemberAsync(int index)
    {
        _members[index].Start();
        return _members[index].WaitHealthyAsync(TimeSpan.FromSeconds(30));
    }

    public Task DisposeAsync()
    {
        _members.ForEach(m => m.Dispose());
        _data.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A real 3-member etcd cluster on loopback: enough to lose one member and keep a quorum.</summary>
public sealed class EtcdClusterFixture : EtcdFixture
{
    public EtcdClusterFixture() : base(3)
    {
    }
}
