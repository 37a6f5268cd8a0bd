namespace Serverless.Core.Storage;

/// <summary>Named binary payloads in containers (payloads over the queue message limit, large documents).</summary>
/// <remarks>Container names are lowercase letters, digits and '-', 3–63 characters.</remarks>
public interface IBlobStore
{
    /// <summary>
    /// Writes a blob. With <paramref name="ifMatch"/> only over that ETag; with
    /// <paramref name="ifNoneExists"/> only when the blob does not exist yet.
    /// </summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="DocumentConflictException">A condition failed.</exception>
    Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, string? ifMatch = null, bool ifNoneExists = false, CancellationToken cancellationToken = default);

    /// <summary>Reads a blob, or <c>null</c> when it does not exist.</summary>
    Task<StoredBlob?> GetAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; <c>false</c> when it did not exist.</summary>
    Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default);
}

/// <summary>A blob as read.</summary>
/// <param name="Name">The blob's name in its container.</param>
/// <param name="Content">The blob's bytes.</param>
/// <param name="ETag">The version read.</param>
public sealed record StoredBlob(string Name, ReadOnlyMemory<byte> Content, string ETag);
