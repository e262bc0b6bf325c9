using Mao.Core.Model;

namespace Mao.Cli.Commands.Demo;

/// <summary>
/// The demo's measurements: the real recorded AWS SAR catalogue of 2020-02-16 as two sites saw it. site-a saw it
/// as recorded; site-b is wrong on some records (a stale deployment count and a lost label), as a site with a bug
/// or a cut-short crawl would be.
/// </summary>
internal static class DemoSnapshots
{
    public const string Day = "2020-02-16";
    public static readonly DateTimeOffset ObservedAt = new(2020, 2, 16, 23, 0, 0, TimeSpan.Zero);

    public static Snapshot Recorded(string site) =>
        SmokeData.Read(Path.Combine(SmokeData.FindFolder(), $"autocontents-{Day}.csv"), site, ObservedAt);

    /// <summary>The recorded day with every 50th record's deployment count off by 1,000 and every 120th record's labels emptied.</summary>
    public static (Snapshot Snapshot, IReadOnlyList<string> Wrong) Faulty(string site)
    {
        var recorded = Recorded(site);
        var deployments = recorded.Schema.IndexOf("deployment_count");
        var labels = recorded.Schema.IndexOf("labels");
        var wrong = new List<string>();
        var records = recorded.Records.Select((record, i) =>
        {
            var values = record.Values.ToArray();
            if (i % 50 == 7 && !values[deployments].IsMissing)
            {
                values[deployments] = FieldValue.Of(values[deployments].Number + 1000);
                wrong.Add(record.Key);
            }
            else if (i % 120 == 11)
            {
                values[labels] = FieldValue.OfSet([]);
                wrong.Add(record.Key);
            }
            return new SnapshotRecord(record.Key, values);
        });
        return (new Snapshot(recorded.Header, records, $"{site}'s faulty copy of {Day}"), wrong);
    }
}
