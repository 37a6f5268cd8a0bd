using System.Security.Cryptography;

namespace Serverless.Core.Platform;

/// <summary>
/// Ids derived from what an object is rather than drawn at random (a run's events, a workflow's run for an event, a
/// schedule): the same inputs give the same id, so a repeated step finds what it made before. RFC 9562 version 8
/// (custom) over SHA-256 of the inputs.
/// </summary>
internal static class DerivedUuid
{
    public static Guid From(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
