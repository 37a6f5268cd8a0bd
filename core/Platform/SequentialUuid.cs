using System.Security.Cryptography;

namespace Serverless.Core.Platform;

/// <summary>
/// UUIDv7 ids that increase strictly within this process (RFC 9562 §6.2 method 1: the 12 bits after
/// the millisecond timestamp count up within one millisecond), so that row keys list in creation order.
/// </summary>
public static class SequentialUuid
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    /// <summary>A UUIDv7 for <paramref name="now"/>, greater than every id this process returned before.</summary>
    public static Guid Next(DateTimeOffset now)
    {
        long milliseconds;
        int sequence;
        lock (Gate)
        {
            milliseconds = Math.Max(now.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                if (++_counter > 0xFFF)
                {
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                // Start low in the range so that a burst within one millisecond rarely overflows it.
                _counter = RandomNumberGenerator.GetInt32(0x200);
            }

            _lastMilliseconds = milliseconds;
            sequence = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (sequence >> 8));
        bytes[7] = (byte)sequence;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
