using System.Globalization;
using Mao.Core;
using Mao.Core.Model;
using Mao.Federation.Registry;
using Mao.Federation.Store;
using Microsoft.Extensions.Configuration;

namespace Mao.Federation.Configuration;

/// <summary>
/// Who a site is and how it reaches the federation, the same for the self-hosted site host and the Functions app:
/// bound from configuration (section "Mao" or the MAO_* environment variables, the names Bicep sets) and validated at
/// start, where <see cref="Validate"/> names the first bad setting.
/// </summary>
public sealed partial class FederationSettings
{
    public const string Where = "site settings";

    /// <summary>The Functions host's storage setting: the fallback of MAO_STORAGE_CONNECTION.</summary>
    public const string FunctionsStorage = "AzureWebJobsStorage";

    /// <summary>MAO_SITE_ID: the site's id, in every key, branch and signature.</summary>
    public string SiteId { get; set; } = "local";

    /// <summary>MAO_DATA_DIR: the signing key (site-key.pem), dataset clones, temporary files.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.CurrentDirectory, ".mao-site");

    /// <summary>
    /// MAO_STORAGE_CONNECTION: blob + table storage (and the task hub on the site host). When absent, AzureWebJobsStorage,
    /// the Functions app's own storage account, so one storage setting serves the task hub and the site's snapshots.
    /// </summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>MAO_SNAPSHOT_CONTAINER / MAO_SNAPSHOT_TABLE: by default named after the site, so sites can share an account.</summary>
    public string? SnapshotContainer { get; set; }

    public string? SnapshotTable { get; set; }

    /// <summary>
    /// MAO_ETCD_ENDPOINTS (comma list), MAO_ETCD_USER, MAO_ETCD_PASSWORD or MAO_ETCD_PASSWORD_FILE (an owner-only file),
    /// MAO_ETCD_CA_FILE, MAO_ETCD_CLIENT_CERT_FILE and MAO_ETCD_CLIENT_KEY_FILE, MAO_ETCD_KEY_ROOT.
    /// </summary>
    public EtcdOptions Etcd { get; set; } = new();

    /// <summary>
    /// MAO_GIT_REMOTE: where this site pushes its datasets, one bare repository per tool (<c>{remote}/{tool}.git</c>):
    /// a folder or an http(s) URL. Empty: datasets stay local (peers then fetch over HTTP only).
    /// </summary>
    public string? GitRemote { get; set; }

    public string? GitUsername { get; set; }

    public string? GitPassword { get; set; }

    /// <summary>MAO_PUBLIC_ENDPOINT: the base URL peers use to reach this site's API (in its site card and pointers).</summary>
    public string? PublicEndpoint { get; set; }

    /// <summary>MAO_API_KEY: the operator's key for state-changing API calls (start a round). Empty: only signed messages change state.</summary>
    public string? ApiKey { get; set; }

    /// <summary>MAO_PEERS: when set, the only peers asked to answer; otherwise every live site in the registry.</summary>
    public IReadOnlyList<string> Peers { get; set; } = [];

    /// <summary>MAO_TOOLS: tools this site runs (in its site card).</summary>
    public IReadOnlyList<string> Tools { get; set; } = [];

    /// <summary>MAO_ANSWER_WINDOW_SECONDS: how long a round waits for answers.</summary>
    public TimeSpan AnswerWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>MAO_SITE_TTL_SECONDS: the site card's lease; a dead site leaves the live set within it.</summary>
    public TimeSpan SiteTtl { get; set; } = TimeSpan.FromSeconds(15);

    // Fetches stream to a temporary file, so this bounds disk and transfer time, not memory: a 1M-record ground truth is about 282 MB.
    /// <summary>MAO_FETCH_MAX_BYTES / MAO_FETCH_TIMEOUT_SECONDS: limits of every fetch of a peer's snapshot.</summary>
    public long MaxFetchBytes { get; set; } = 2048L * 1024 * 1024;

    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rounds never wait longer than this for answers, whatever a caller asks.</summary>
    public static readonly TimeSpan MaxAnswerWindow = TimeSpan.FromDays(7);

    public string EffectiveContainer => SnapshotContainer ?? "snapshots-" + Alphanumeric(SiteId, 40).ToLowerInvariant();

    public string EffectiveTable => SnapshotTable ?? "snapshots" + Alphanumeric(SiteId, 50);

    /// <summary>
    /// A table of this site's own (decisions, accepted measurements, ...): named after the snapshot table when one is
    /// configured, so federations sharing one storage account (tests, demo runs) never read each other's rows.
    /// </summary>
    public string SiteTable(string purpose) => Alphanumeric(purpose + (SnapshotTable ?? SiteId), 63);

    public SnapshotStoreOptions StoreOptions() => new()
    {
        ConnectionString = StorageConnectionString!,
        Container = EffectiveContainer,
        IndexTable = EffectiveTable,
        TempFolder = Path.Combine(DataDirectory, "tmp"),
    };

    public static FederationSettings FromConfiguration(IConfiguration configuration)
    {
        string? Get(string key, string environment) => configuration[$"Mao:{key}"] ?? configuration[environment];
        var settings = new FederationSettings();
        settings.SiteId = Get("Site:Id", "MAO_SITE_ID") ?? settings.SiteId;
        settings.DataDirectory = Get("DataDir", "MAO_DATA_DIR") ?? settings.DataDirectory;
        settings.StorageConnectionString = Blank(Get("Storage:ConnectionString", "MAO_STORAGE_CONNECTION")) ?? Blank(configuration[FunctionsStorage]);
        settings.SnapshotContainer = Get("Storage:SnapshotContainer", "MAO_SNAPSHOT_CONTAINER");
        settings.SnapshotTable = Get("Storage:SnapshotTable", "MAO_SNAPSHOT_TABLE");
        settings.Etcd = new EtcdOptions
        {
            Endpoints = Get("Etcd:Endpoints", "MAO_ETCD_ENDPOINTS") ?? settings.Etcd.Endpoints,
            Username = Blank(Get("Etcd:User", "MAO_ETCD_USER")),
            Password = Blank(Get("Etcd:Password", "MAO_ETCD_PASSWORD")),
            TlsCaFile = Blank(Get("Etcd:CaFile", "MAO_ETCD_CA_FILE")),
            TlsClientCertFile = Blank(Get("Etcd:ClientCertFile", "MAO_ETCD_CLIENT_CERT_FILE")),
            TlsClientKeyFile = Blank(Get("Etcd:ClientKeyFile", "MAO_ETCD_CLIENT_KEY_FILE")),
            KeyRoot = Get("Etcd:KeyRoot", "MAO_ETCD_KEY_ROOT") ?? settings.Etcd.KeyRoot,
        };
        if (Blank(Get("Etcd:PasswordFile", "MAO_ETCD_PASSWORD_FILE")) is { } passwordFile)
        {
            settings.Etcd.Password = settings.Etcd.Password is null
                ? EtcdPasswordFile.Read(passwordFile, "MAO_ETCD_PASSWORD_FILE")
                : throw new MaoFormatException(Where, "MAO_ETCD_PASSWORD and MAO_ETCD_PASSWORD_FILE are both set: give one");
        }
        settings.GitRemote = Blank(Get("Git:Remote", "MAO_GIT_REMOTE"));
        settings.GitUsername = Blank(Get("Git:User", "MAO_GIT_USER"));
        settings.GitPassword = Blank(Get("Git:Password", "MAO_GIT_PASSWORD"));
        settings.PublicEndpoint = Blank(Get("PublicEndpoint", "MAO_PUBLIC_ENDPOINT"));
        settings.ApiKey = Blank(Get("ApiKey", "MAO_API_KEY"));
        if (Get("Peers", "MAO_PEERS") is { } peers)
        {
            settings.Peers = List(peers);
        }
        if (Get("Tools", "MAO_TOOLS") is { } tools)
        {
            settings.Tools = List(tools);
        }
        settings.AnswerWindow = Seconds(Get("AnswerWindowSeconds", "MAO_ANSWER_WINDOW_SECONDS"), "MAO_ANSWER_WINDOW_SECONDS") ?? settings.AnswerWindow;
        settings.SiteTtl = Seconds(Get("SiteTtlSeconds", "MAO_SITE_TTL_SECONDS"), "MAO_SITE_TTL_SECONDS") ?? settings.SiteTtl;
        settings.FetchTimeout = Seconds(Get("Fetch:TimeoutSeconds", "MAO_FETCH_TIMEOUT_SECONDS"), "MAO_FETCH_TIMEOUT_SECONDS") ?? settings.FetchTimeout;
        if (Get("Fetch:MaxBytes", "MAO_FETCH_MAX_BYTES") is { } maxBytes)
        {
            settings.MaxFetchBytes = long.TryParse(maxBytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
                ? bytes : throw new MaoFormatException(Where, $"MAO_FETCH_MAX_BYTES '{maxBytes}' is not a whole number");
        }
        settings.ReadNotifications(configuration);
        settings.ReadDatasets(configuration);
        return settings;
    }

    /// <summary>Throws a <see cref="MaoFormatException"/> naming the first unusable setting and its variable.</summary>
    public void Validate()
    {
        Identifier.Validate(SiteId, "site id (MAO_SITE_ID)", Where);
        if (string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            throw new MaoFormatException(Where, "no storage connection string: set MAO_STORAGE_CONNECTION (--storage of mao site run, Mao:Storage:ConnectionString, or AzureWebJobsStorage in the Functions app)");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new MaoFormatException(Where, "no data directory (MAO_DATA_DIR)");
        }
        try
        {
            Etcd.Validate();
        }
        catch (ArgumentException e)
        {
            throw new MaoFormatException(Where, $"{e.Message} (MAO_ETCD_ENDPOINTS, MAO_ETCD_USER, MAO_ETCD_PASSWORD)");
        }
        if (Etcd.TlsCaFile is { } ca && !File.Exists(ca))
        {
            throw new MaoFormatException(Where, $"MAO_ETCD_CA_FILE '{ca}' does not exist");
        }
        foreach (var (file, setting) in new[] { (Etcd.TlsClientCertFile, "MAO_ETCD_CLIENT_CERT_FILE"), (Etcd.TlsClientKeyFile, "MAO_ETCD_CLIENT_KEY_FILE") })
        {
            if (file is not null && !File.Exists(file))
            {
                throw new MaoFormatException(Where, $"{setting} '{file}' does not exist");
            }
        }
        if ((Etcd.TlsClientCertFile is null) != (Etcd.TlsClientKeyFile is null))
        {
            throw new MaoFormatException(Where, "MAO_ETCD_CLIENT_CERT_FILE and MAO_ETCD_CLIENT_KEY_FILE go together: give both or neither");
        }
        if (PublicEndpoint is not null && (!Uri.TryCreate(PublicEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new MaoFormatException(Where, $"MAO_PUBLIC_ENDPOINT '{PublicEndpoint}' is not an absolute http(s) URL");
        }
        foreach (var peer in Peers)
        {
            Identifier.Validate(peer, "peer (MAO_PEERS)", Where);
        }
        foreach (var tool in Tools)
        {
            Identifier.Validate(tool, "tool (MAO_TOOLS)", Where);
        }
        if (AnswerWindow < TimeSpan.Zero || AnswerWindow > MaxAnswerWindow)
        {
            throw new MaoFormatException(Where, $"MAO_ANSWER_WINDOW_SECONDS {AnswerWindow.TotalSeconds} is outside 0..{MaxAnswerWindow.TotalSeconds}");
        }
        if (SiteTtl < TimeSpan.FromSeconds(2))
        {
            throw new MaoFormatException(Where, $"MAO_SITE_TTL_SECONDS {SiteTtl.TotalSeconds} is below 2");
        }
        if (MaxFetchBytes <= 0 || FetchTimeout <= TimeSpan.Zero)
        {
            throw new MaoFormatException(Where, "MAO_FETCH_MAX_BYTES and MAO_FETCH_TIMEOUT_SECONDS must be positive");
        }
        if (ApiKey is { Length: < 16 })
        {
            throw new MaoFormatException(Where, "MAO_API_KEY is shorter than 16 characters: use a long random key");
        }
        ValidateNotifications();
        ValidateDatasets();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static TimeSpan? Seconds(string? text, string key) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
        : throw new MaoFormatException(Where, $"{key} '{text}' is not a whole number of seconds");

    private static string Alphanumeric(string text, int max)
    {
        var name = new string(text.Where(char.IsAsciiLetterOrDigit).ToArray());
        return name.Length > max ? name[..max] : name;
    }
}
