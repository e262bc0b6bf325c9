using System.Security.Cryptography;
using Mao.Core;
using Mao.Core.Model;
using Mao.Core.Serialization;

namespace Mao.Tools.Gateway;

/// <summary>
/// Validates a snapshot an external tool submits: the tool is registered, the key matches (constant-time compare of
/// SHA-256 hashes), the body is within the size limit, parses as mao.snapshot/1, names this tool and carries the
/// manifest's schema. Returns the validated snapshot; storing and announcing it is the caller's job.
/// <see cref="ValidateToAsync"/> does the same while streaming: nothing of the body is held whole in memory.
/// </summary>
public sealed class SnapshotGateway(IToolRegistry registry, GatewayOptions options, TimeProvider clock)
{
    /// <summary>
    /// Checks the tool and key, then validates the body line by line, writing its canonical form to
    /// <paramref name="canonical"/> as it goes (the body's size is limited while reading). <paramref name="checkHeader"/>
    /// adds the caller's own header checks (a <see cref="GatewayRejection"/> or <see cref="MaoFormatException"/> it throws
    /// becomes a 400).
    /// </summary>
    public async Task<CanonicalisedSnapshot> ValidateToAsync(string toolName, string? presentedKey, Stream body, Stream canonical,
        Action<SnapshotHeader>? checkHeader, CancellationToken cancellationToken)
    {
        var tool = Authenticate(toolName, presentedKey);
        var where = $"snapshot submitted for tool '{tool.Manifest.Name}'";
        try
        {
            await using var limited = new LimitedReadStream(body, options.MaxSnapshotBytes, TooLarge);
            return await SnapshotCanonicaliser.CanonicaliseAsync(limited, canonical, where, header =>
            {
                CheckHeader(tool, header, where);
                checkHeader?.Invoke(header);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (MaoFormatException e)
        {
            throw new GatewayRejection(400, e.Message, e);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new GatewayRejection(400, $"{where}: body is not UTF-8 ({e.Message})", e);
        }
    }

    public async Task<Snapshot> ValidateAsync(string toolName, string? presentedKey, Stream body, CancellationToken cancellationToken)
    {
        var tool = Authenticate(toolName, presentedKey);
        var bytes = await ReadLimitedAsync(body, cancellationToken).ConfigureAwait(false);
        return Check(tool, bytes);
    }

    public Snapshot Validate(string toolName, string? presentedKey, byte[] body)
    {
        var tool = Authenticate(toolName, presentedKey);
        if (body.LongLength > options.MaxSnapshotBytes)
        {
            throw TooLarge();
        }
        return Check(tool, body);
    }

    /// <summary>The registered tool if the key matches; a broken registration file throws <see cref="MaoFormatException"/>.</summary>
    public RegisteredTool Authenticate(string toolName, string? presentedKey)
    {
        if (!Identifier.IsValid(toolName))
        {
            throw new GatewayRejection(400, $"'{Shorten(toolName)}' is not a valid tool name");
        }
        var tool = registry.Find(toolName) ?? throw new GatewayRejection(404, $"no tool '{toolName}' is registered at this site");
        if (string.IsNullOrEmpty(presentedKey))
        {
            throw new GatewayRejection(401, $"submitting a snapshot for '{toolName}' needs the tool's key");
        }
        if (!CryptographicOperations.FixedTimeEquals(RegisteredTool.HashKey(presentedKey), tool.KeySha256))
        {
            throw new GatewayRejection(403, $"the key does not match tool '{toolName}'");
        }
        return tool;
    }

    private Snapshot Check(RegisteredTool tool, byte[] body)
    {
        var manifest = tool.Manifest;
        var where = $"snapshot submitted for tool '{manifest.Name}'";
        Snapshot snapshot;
        try
        {
            snapshot = SnapshotJsonLines.Read(body, where);
        }
        catch (MaoFormatException e)
        {
            throw new GatewayRejection(400, e.Message, e);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new GatewayRejection(400, $"{where}: body is not UTF-8 ({e.Message})", e);
        }
        CheckHeader(tool, snapshot.Header, where);
        return snapshot;
    }

    private void CheckHeader(RegisteredTool tool, SnapshotHeader header, string where)
    {
        var manifest = tool.Manifest;
        if (header.Tool != manifest.Name)
        {
            throw new GatewayRejection(400, $"{where}: header names tool '{header.Tool}'");
        }
        if (!header.Schema.Equivalent(manifest.Schema))
        {
            throw new GatewayRejection(400, $"{where}: schema does not match the manifest: {SchemaDifference(header.Schema, manifest.Schema)}");
        }
        if (header.ObservedAt > clock.GetUtcNow() + options.MaxClockSkew)
        {
            throw new GatewayRejection(400, $"{where}: observedAt {header.ObservedAt:O} lies in the future");
        }
    }

    private static string SchemaDifference(MetricSchema got, MetricSchema expected)
    {
        if (got.Index != expected.Index)
        {
            return $"index column is '{got.Index}', expected '{expected.Index}'";
        }
        for (var i = 0; i < Math.Max(got.Fields.Count, expected.Fields.Count); i++)
        {
            var g = i < got.Fields.Count ? got.Fields[i] : null;
            var e = i < expected.Fields.Count ? expected.Fields[i] : null;
            if (g?.Name != e?.Name || g?.Kind != e?.Kind)
            {
                return $"field {i + 1} is {Describe(g)}, expected {Describe(e)}";
            }
        }
        return "fields differ";
    }

    private static string Describe(FieldSpec? field) => field is null ? "absent" : $"'{field.Name}' ({field.Kind})";

    private async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxSnapshotBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private GatewayRejection TooLarge() => new(413, $"snapshot exceeds the limit of {options.MaxSnapshotBytes} bytes");

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length > 80 ? text[..80] + "..." : text;
}
