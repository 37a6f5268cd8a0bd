namespace Serverless.Core.Storage;

/// <summary>How <see cref="BlobBackedWorkQueue"/> moves message bodies that are too large for the queue into blobs.</summary>
public sealed record LargeMessageOptions
{
    /// <summary>
    /// Bodies over this many UTF-8 bytes go to the blob store. 48 KiB keeps a message under Azure Queue storage's
    /// 64 KiB limit even when the host base64-encodes it.
    /// </summary>
    public int MaxInlineBytes { get; init; } = 48 * 1024;

    /// <summary>The blob container that holds the bodies.</summary>
    public string Container { get; init; } = "queue-payloads";
}
