using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Event ids of a run, derived from what the event is rather than drawn at random: a page sent again after a
/// crash, or a status event retried, carries the same <c>webhook-id</c>, so receivers can deduplicate on it.
/// </summary>
internal static class SyncEventIds
{
    /// <summary>Page <paramref name="page"/> of resource <paramref name="resourceIndex"/>.</summary>
    public static Guid Record(Guid runId, int resourceIndex, long page) => Derive(runId, 'r', resourceIndex, page);

    /// <summary>The <paramref name="sequence"/>-th status event of the run (created is 0, started 1, ...).</summary>
    public static Guid Status(Guid runId, int sequence) => Derive(runId, 's', sequence, 0);

    private static Guid Derive(Guid runId, char kind, long first, long second)
    {
        Span<byte> input = stackalloc byte[16 + 1 + 16];
        runId.TryWriteBytes(input);
        input[16] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(input[17..], first);
        BinaryPrimitives.WriteInt64BigEndian(input[25..], second);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // RFC 9562 version 8 (custom), variant 10.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
