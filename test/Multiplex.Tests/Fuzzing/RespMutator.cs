using System.Text;

namespace Multiplex.Tests.Fuzzing;

/// <summary>
/// Makes fuzz inputs from a corpus of real replies: pipelines a few of them, then applies a handful of
/// byte-level and RESP-aware mutations (type bytes, line ends, lengths and counts at their edges).
/// </summary>
internal sealed class RespMutator
{
    // Inputs stay below this size so each one is checked in well under a millisecond.
    private const int MaxInputLength = 8 * 1024;

    private const int MaxMutations = 6;

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "\r\n", "\r", "\n", "*", "$", "+", "-", ":", "_", "#", ",", "(", "!", "=", "%", "~", "|", ">", "?", ".",
            "-1", "0", "1", "2", "-2", "10", "255", "256", "4096", "65536", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
            "inf", "-inf", "nan", "1e308", "1e309", "txt:", "t", "f", " ", "\0", "\xff",
        }.Select(token => Encoding.Latin1.GetBytes(token)),
    ];

    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly Random _random;

    public RespMutator(IReadOnlyList<byte[]> corpus, Random random)
    {
        _corpus = corpus;
        _random = random;
    }

    /// <summary>The next input to try.</summary>
    public byte[] Next()
    {
        var input = new List<byte>(Pick());
        var pipelined = _random.Next(4) == 0 ? _random.Next(1, 4) : 0;
        for (var i = 0; i < pipelined; i++)
        {
            input.AddRange(Pick());
        }

        var mutations = _random.Next(0, MaxMutations + 1);
        for (var i = 0; i < mutations && input.Count < MaxInputLength; i++)
        {
            Mutate(input);
        }

        if (input.Count > MaxInputLength)
        {
            input.RemoveRange(MaxInputLength, input.Count - MaxInputLength);
        }

        return [.. input];
    }

    private byte[] Pick() => _corpus[_random.Next(_corpus.Count)];

    private void Mutate(List<byte> input)
    {
        var at = input.Count == 0 ? 0 : _random.Next(input.Count);
        switch (_random.Next(9))
        {
            case 0 when input.Count > 0:
                input[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[at] = Tokens[_random.Next(Tokens.Length)][0];
                break;
            case 2:
                input.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 3 when input.Count > 0:
                input.RemoveRange(at, _random.Next(1, Math.Min(16, input.Count - at) + 1));
                break;
            case 4 when input.Count > 0:
                var length = _random.Next(1, Math.Min(64, input.Count - at) + 1);
                input.InsertRange(_random.Next(input.Count), input.GetRange(at, length));
                break;
            case 5 when input.Count > 0:
                input.RemoveRange(at, input.Count - at);
                break;
            case 6:
                var donor = Pick();
                if (donor.Length > 0)
                {
                    var from = _random.Next(donor.Length);
                    input.InsertRange(at, donor.AsSpan(from, _random.Next(1, donor.Length - from + 1)).ToArray());
                }

                break;
            default:
                ReplaceNumber(input);
                break;
        }
    }

    /// <summary>Replaces a run of digits (a length, a count or an integer) with an edge value.</summary>
    private void ReplaceNumber(List<byte> input)
    {
        if (input.Count == 0)
        {
            return;
        }

        var start = _random.Next(input.Count);
        while (start < input.Count && !IsNumberByte(input[start]))
        {
            start++;
        }

        if (start == input.Count)
        {
            return;
        }

        var end = start;
        while (end < input.Count && IsNumberByte(input[end]))
        {
            end++;
        }

        input.RemoveRange(start, end - start);
        var number = _random.Next(3) switch
        {
            0 => Tokens[_random.Next(Tokens.Length)],
            1 => Encoding.ASCII.GetBytes((_random.Next(-3, 40)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => Encoding.ASCII.GetBytes(_random.NextInt64(long.MinValue, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        input.InsertRange(start, number);
    }

    private static bool IsNumberByte(byte value) => value is (>= (byte)'0' and <= (byte)'9') or (byte)'-';
}
