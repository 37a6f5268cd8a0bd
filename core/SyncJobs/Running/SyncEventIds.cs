using System.Buffers.Binary;
using Serverless.Core.Platform;

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
        return DerivedUuid.From(input);
    }
}
