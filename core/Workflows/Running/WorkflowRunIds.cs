using System.Security.Cryptography;

namespace Serverless.Core.Workflows.Running;

/// <summary>A workflow run's id, derived from the workflow and the event: the same event delivered again starts no second run.</summary>
public static class WorkflowRunIds
{
    public static Guid Of(Guid workflowId, Guid eventId)
    {
        Span<byte> input = stackalloc byte[32];
        workflowId.TryWriteBytes(input);
        eventId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // RFC 9562 version 8 (custom), variant 10.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
