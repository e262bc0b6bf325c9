using System.Globalization;
using Mao.Testing;

namespace Mao.Bench;

/// <summary>
/// The local stack one benchmark runs against: Azurite and, unless the benchmark needs none, etcd (one member, or a
/// three-member cluster), each fresh on free loopback ports and stopped with the benchmark.
/// </summary>
internal sealed class BenchStack : IAsyncDisposable
{
    private readonly EtcdFixture? _etcd;

    private BenchStack(AzuriteFixture azurite, EtcdFixture? etcd)
    {
        Azurite = azurite;
        _etcd = etcd;
    }

    public AzuriteFixture Azurite { get; }

    public EtcdFixture Etcd => _etcd ?? throw new InvalidOperationException("this benchmark's stack was started without etcd");

    /// <param name="etcd">null for Azurite only, else a fixture not yet started (<see cref="EtcdFixture"/> or <see cref="EtcdClusterFixture"/>).</param>
    public static async Task<BenchStack> StartAsync(EtcdFixture? etcd)
    {
        var azurite = new AzuriteFixture();
        var stack = new BenchStack(azurite, etcd);
        try
        {
            await azurite.InitializeAsync();
            if (etcd is not null)
            {
                await etcd.InitializeAsync();
            }
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
        await Azurite.DisposeAsync();
    }

    /// <summary>The benchmark's sizes: every argument that is not a --flag, else <paramref name="defaults"/>.</summary>
    public static List<int> Sizes(string[] args, params int[] defaults)
    {
        var sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        return sizes.Count > 0 ? sizes : [.. defaults];
    }
}
