using Azure;
using Azure.Core;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary><see cref="IBlobStore"/> on Azure Blob storage (block blobs); containers are created on first use.</summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly StorageRestClient _client;
    private readonly CreatedOnFirstUse _containers;

    public AzureBlobStore(StorageRestClient client)
    {
        _client = client;
        _containers = new CreatedOnFirstUse(CreateContainerAsync);
    }

    public Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, string? ifMatch = null, bool ifNoneExists = false, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(container, name);
        return SendAsync(
            container,
            () =>
            {
                var message = _client.CreateMessage(RequestMethod.Put, path);
                var request = message.Request;
                request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
                request.Headers.SetValue("Content-Type", "application/octet-stream");
                if (ifMatch is not null)
                {
                    request.Headers.SetValue("If-Match", ifMatch);
                }

                if (ifNoneExists)
                {
                    request.Headers.SetValue("If-None-Match", "*");
                }

                request.Content = RequestContent.Create(content);
                return message;
            },
            response => response.Status switch
            {
                201 => response.Headers.ETag?.ToString("H") ?? throw new InvalidDataException("Blob storage answered a write without an ETag."),
                // 412: If-Match failed; 409: If-None-Match:* found the blob; 404: If-Match named a blob that is gone.
                412 or 409 or 404 when ifMatch is not null || ifNoneExists =>
                    throw new DocumentConflictException($"Blob '{container}/{name}' was not written: {(ifNoneExists ? "it exists already" : "its ETag changed")}."),
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<StoredBlob?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(container, name);
        return SendAsync(
            container,
            () => _client.CreateMessage(RequestMethod.Get, path),
            response => response.Status switch
            {
                200 => new StoredBlob(name, response.Content.ToMemory(), response.Headers.ETag?.ToString("H") ?? string.Empty),
                404 => null,
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(container, name);
        return SendAsync(
            container,
            () => _client.CreateMessage(RequestMethod.Delete, path),
            response => response.Status switch
            {
                202 => true,
                404 => false,
                _ => throw StorageRestClient.Unexpected(response),
            },
            cancellationToken);
    }

    private Task<T> SendAsync<T>(string container, Func<HttpMessage> createMessage, Func<Response, T> readResponse, CancellationToken cancellationToken) =>
        _client.SendToResourceAsync(_containers, container, createMessage, readResponse, cancellationToken);

    private async Task CreateContainerAsync(string container)
    {
        using var message = _client.CreateMessage(RequestMethod.Put, Uri.EscapeDataString(container) + "?restype=container");
        var response = await _client.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        if (response.Status is not (201 or 409))
        {
            throw StorageRestClient.Unexpected(response);
        }
    }

    private static string BlobPath(string container, string name)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        // '/' stays a virtual directory separator; every segment is escaped on its own.
        return Uri.EscapeDataString(container) + "/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
    }
}
