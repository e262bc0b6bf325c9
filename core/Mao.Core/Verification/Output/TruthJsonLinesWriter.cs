using System.Text.Json;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Core.Verification.Output;

/// <summary>
/// Native ground truth as JSON lines: a header line (format, tool, sites, schema, policy), then one line per record:
/// <code>
/// {"key":"a","seenBy":["s1","s2","s3"],"fields":{"latency":{"value":12.5,"agreement":0.667,"support":["s1","s2"],
///  "dissent":{"s3":900},"flags":[],"stats":{"mean":12.5,"min":12,"max":13,"median":12.5,"stdDev":0.71,"count":2,"minSites":["s1"],"maxSites":["s2"]}}}}
/// </code>
/// </summary>
public sealed class TruthJsonLinesWriter : IVerdictSink, IDisposable
{
    public const string Format = "mao.truth/1";
    private readonly Stream _output;
    private readonly Utf8JsonWriter _writer;

    public TruthJsonLinesWriter(Stream output, string tool, IReadOnlyList<string> sites, MetricSchema schema, VotePolicy policy)
    {
        _output = output;
        _writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        _writer.WriteStartObject();
        _writer.WriteString("format", Format);
        _writer.WriteString("tool", tool);
        WriteNames("sites", sites);
        _writer.WriteStartObject("schema");
        _writer.WriteString("index", schema.Index);
        _writer.WriteStartArray("fields");
        foreach (var field in schema.Fields)
        {
            _writer.WriteStartObject();
            _writer.WriteString("name", field.Name);
            _writer.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(field.Kind.ToString()));
            _writer.WriteEndObject();
        }
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.WritePropertyName("policy");
        JsonSerializer.Serialize(_writer, policy, MaoJson.Options);
        _writer.WriteEndObject();
        EndLine();
    }

    public void Accept(RecordVerdict verdict)
    {
        var sites = verdict.Sites;
        _writer.WriteStartObject();
        _writer.WriteString("key", verdict.Key);
        WriteSites("seenBy", verdict.SeenBy, sites);
        WriteFlags(verdict.Flags);
        _writer.WriteStartObject("fields");
        for (var f = 0; f < verdict.Fields.Length; f++)
        {
            ref readonly var field = ref verdict.Fields[f];
            _writer.WriteStartObject(verdict.Schema.Fields[f].Name);
            _writer.WritePropertyName("value");
            WriteValue(field.Value);
            _writer.WriteNumber("agreement", Math.Round(field.Agreement, 6));
            WriteSites("support", field.Support, sites);
            if (!field.Dissent.IsEmpty)
            {
                _writer.WriteStartObject("dissent");
                foreach (var site in field.Dissent.Indexes())
                {
                    _writer.WritePropertyName(sites[site]);
                    WriteValue(verdict.Observed(site, f));
                }
                _writer.WriteEndObject();
            }
            if (!field.Silent.IsEmpty)
            {
                WriteSites("silent", field.Silent, sites);
            }
            WriteFlags(field.Flags);
            if (field.Stats is { } stats)
            {
                WriteStats(stats, sites);
            }
            _writer.WriteEndObject();
        }
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        EndLine();
    }

    private void WriteStats(NumericStats stats, IReadOnlyList<string> sites)
    {
        _writer.WriteStartObject("stats");
        _writer.WriteNumber("mean", stats.Mean);
        _writer.WriteNumber("min", stats.Min);
        _writer.WriteNumber("max", stats.Max);
        _writer.WriteNumber("median", stats.Median);
        _writer.WriteNumber("stdDev", stats.StdDev);
        _writer.WriteNumber("count", stats.Count);
        WriteSites("minSites", stats.MinSites, sites);
        WriteSites("maxSites", stats.MaxSites, sites);
        _writer.WriteEndObject();
    }

    private void WriteValue(FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldValueKind.Number: _writer.WriteNumberValue(value.Number); break;
            case FieldValueKind.Text: _writer.WriteStringValue(value.Text); break;
            case FieldValueKind.Set:
                _writer.WriteStartArray();
                foreach (var item in value.Set) _writer.WriteStringValue(item);
                _writer.WriteEndArray();
                break;
            default: _writer.WriteNullValue(); break;
        }
    }

    private void WriteFlags(VerdictFlags flags)
    {
        if (flags != VerdictFlags.None)
        {
            WriteNames("flags", flags.Names());
        }
    }

    private void WriteSites(string name, SiteSet set, IReadOnlyList<string> sites)
    {
        _writer.WriteStartArray(name);
        foreach (var site in set.Indexes()) _writer.WriteStringValue(sites[site]);
        _writer.WriteEndArray();
    }

    private void WriteNames(string name, IEnumerable<string> names)
    {
        _writer.WriteStartArray(name);
        foreach (var n in names) _writer.WriteStringValue(n);
        _writer.WriteEndArray();
    }

    private void EndLine()
    {
        _writer.Flush();
        _writer.Reset();
        _output.WriteByte((byte)'\n');
    }

    public void Dispose()
    {
        _writer.Dispose();
        _output.Flush();
    }
}
