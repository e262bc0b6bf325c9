namespace Mao.Federation.Registry;

/// <summary>How to reach the federation's etcd cluster.</summary>
public sealed class EtcdOptions
{
    /// <summary>Comma list of client URLs, e.g. <c>http://10.0.0.1:2379,http://10.0.0.2:2379</c>; https:// URLs use TLS.</summary>
    public string Endpoints { get; set; } = "http://127.0.0.1:2379";

    /// <summary>etcd user (with <see cref="Password"/>) when the cluster has auth enabled.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>PEM file of the CA that signed the members' certificates; without it the system trust store decides.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>PEM client certificate and key for clusters that require client certificates.</summary>
    public string? TlsClientCertFile { get; set; }

    public string? TlsClientKeyFile { get; set; }

    /// <summary>Deadline of each unary call. A put can hang for seconds after a member dies: every call gets one.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Root of MAO's keys, so one cluster can hold several federations (tests, staging).</summary>
    public string KeyRoot { get; set; } = "/mao";

    public bool UsesTls => Endpoints.Split(',').Any(e => e.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    public void Validate()
    {
        var endpoints = Endpoints.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (endpoints.Length == 0)
        {
            throw new ArgumentException("etcd endpoints are empty: give a comma list of http(s)://host:port URLs");
        }
        foreach (var endpoint in endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.Port <= 0)
            {
                throw new ArgumentException($"etcd endpoint '{endpoint}' is not an http(s)://host:port URL");
            }
        }
        if (endpoints.Select(e => e.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).Distinct().Count() > 1)
        {
            throw new ArgumentException($"etcd endpoints '{Endpoints}' mix http and https: use one scheme for all");
        }
        if ((Username is null) != (Password is null))
        {
            throw new ArgumentException("etcd username and password go together: give both or neither");
        }
        if (CallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"etcd call timeout must be positive, got {CallTimeout}");
        }
    }
}
