using System.Text;

namespace Mao.Testing.Fuzz;

/// <summary>
/// Makes hostile inputs from real ones: bit flips, truncation, duplicated, dropped and swapped lines, deep nesting,
/// huge numbers, control characters, invalid UTF-8, very long lines, BOMs, CR/CRLF mixes, spliced seeds, parser
/// tokens, and plain random bytes. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<string>? tokens = null)
{
    private static readonly string[] HugeNumbers =
    [
        "1e309", "-1e309", "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "2147483648", "99999999999999",
        new string('9', 64), "-" + new string('9', 64), "0." + new string('0', 400) + "1", "NaN", "Infinity", "-0", "1E+2147483648",
    ];

    private static readonly string[] DefaultTokens =
        ["\"", ",", "{", "}", "[", "]", ":", "null", "true", "\\", "\\u0000", "\\ud800", "|", "\n", "\r", "\t", " ", "'", "#", "$"];

    private readonly IReadOnlyList<string> _tokens = tokens is null ? DefaultTokens : [.. DefaultTokens, .. tokens];

    /// <summary>One to four stacked mutations of a random seed; one input in sixteen is random bytes instead.</summary>
    public byte[] Next(IReadOnlyList<byte[]> seeds)
    {
        if (seeds.Count == 0 || random.Next(16) == 0)
        {
            return RandomBytes(random.Next(0, 512));
        }
        var data = seeds[random.Next(seeds.Count)];
        var rounds = 1 + random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            data = Mutate(data, seeds);
        }
        return data;
    }

    private byte[] Mutate(byte[] data, IReadOnlyList<byte[]> seeds) => random.Next(15) switch
    {
        0 => FlipBits(data),
        1 => Truncate(data),
        2 => EditLines(data, duplicate: true),
        3 => EditLines(data, duplicate: false),
        4 => Insert(data, Encoding.UTF8.GetBytes(DeepNesting())),
        5 => ReplaceNumber(data),
        6 => Insert(data, [(byte)random.Next(0, 32)]),
        7 => Insert(data, InvalidUtf8()),
        8 => Insert(data, Encoding.UTF8.GetBytes(new string("a0\"é,"[random.Next(5)], random.Next(1_000, 100_000)))),
        9 => random.Next(2) == 0 ? [0xEF, 0xBB, 0xBF, .. data] : Insert(data, [0xEF, 0xBB, 0xBF]),
        10 => LineEnds(data),
        11 => Splice(data, seeds[random.Next(seeds.Count)]),
        12 => Insert(data, Encoding.UTF8.GetBytes(_tokens[random.Next(_tokens.Count)])),
        13 => Remove(data),
        _ => Insert(data, Encoding.UTF8.GetBytes(_tokens[random.Next(_tokens.Count)] + _tokens[random.Next(_tokens.Count)])),
    };

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private byte[] FlipBits(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }
        var copy = (byte[])data.Clone();
        for (var n = 1 + random.Next(8); n > 0; n--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }
        return copy;
    }

    /// <summary>Cuts at every length class: empty, one byte, one short of whole, half, anywhere.</summary>
    private byte[] Truncate(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }
        var length = random.Next(5) switch
        {
            0 => 0,
            1 => 1,
            2 => data.Length - 1,
            3 => data.Length / 2,
            _ => random.Next(data.Length),
        };
        return data[..length];
    }

    private byte[] EditLines(byte[] data, bool duplicate)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n').ToList();
        var i = random.Next(lines.Count);
        if (duplicate)
        {
            lines.Insert(i, lines[i]);
        }
        else if (lines.Count > 1 && random.Next(2) == 0)
        {
            var j = random.Next(lines.Count);
            (lines[i], lines[j]) = (lines[j], lines[i]);
        }
        else
        {
            lines.RemoveAt(i);
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private string DeepNesting() => random.Next(3) switch
    {
        0 => new string('[', 10_000),
        1 => string.Concat(Enumerable.Repeat("{\"a\":", 10_000)),
        _ => new string('[', 100) + new string(']', 100),
    };

    /// <summary>Swaps one run of digits for a number no double or long holds exactly (or at all).</summary>
    private byte[] ReplaceNumber(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var huge = HugeNumbers[random.Next(HugeNumbers.Length)];
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1]))).ToList();
        if (digits.Count == 0)
        {
            return Insert(data, Encoding.UTF8.GetBytes(huge));
        }
        var start = digits[random.Next(digits.Count)];
        var end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or 'e' or 'E' or '-' or '+'))
        {
            end++;
        }
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, start), huge, text.AsSpan(end)));
    }

    private byte[] InvalidUtf8() => random.Next(5) switch
    {
        0 => [0xFF],
        1 => [0xC0, 0x80],
        2 => [0xED, 0xA0, 0x80],
        3 => [0xE2, 0x82],
        _ => [0xF4, 0x90, 0x80, 0x80],
    };

    private byte[] LineEnds(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var replacement = random.Next(3) switch { 0 => "\r\n", 1 => "\r", _ => "\n\n" };
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c == '\n' && random.Next(2) == 0 ? replacement : c.ToString());
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private byte[] Splice(byte[] data, byte[] other)
    {
        var cut = random.Next(data.Length + 1);
        var from = random.Next(other.Length + 1);
        return [.. data.AsSpan(0, cut), .. other.AsSpan(from)];
    }

    private byte[] Insert(byte[] data, byte[] piece)
    {
        var at = random.Next(data.Length + 1);
        return [.. data.AsSpan(0, at), .. piece, .. data.AsSpan(at)];
    }

    private byte[] Remove(byte[] data)
    {
        if (data.Length == 0)
        {
            return data;
        }
        var at = random.Next(data.Length);
        var length = Math.Min(data.Length - at, 1 + random.Next(16));
        return [.. data.AsSpan(0, at), .. data.AsSpan(at + length)];
    }
}
