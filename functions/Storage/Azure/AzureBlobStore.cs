using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Core.Storage;

namespace Serverless.Functions.Storage.Azure;

/// <summary><see cref="IBlobStore"/> on Azure Blob storage (block blobs) through <see cref="BlobClient"/>; containers are created on first use.</summary>
internal sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobServiceClient _service;
    private readonly CreatedOnFirstUse _containers;

    public AzureBlobStore(BlobServiceClient service)
    {
        _service = service;
        _containers = new CreatedOnFirstUse(container => _service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
    }

    public Task<string> PutAsync(string container, string name, ReadOnlyMemory<byte> content, string? ifMatch = null, bool ifNoneExists = false, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Conditions = new BlobRequestConditions
            {
                IfMatch = ifMatch is null ? null : new ETag(ifMatch),
                IfNoneMatch = ifNoneExists ? ETag.All : null,
            },
        };
        return _containers.UseAsync(container, async () =>
        {
            try
            {
                var response = await blob.UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
                return response.Value.ETag.ToString("H");
            }
            // 412: If-Match failed; 409: If-None-Match:* found the blob; 404: If-Match named a blob that is gone.
            catch (RequestFailedException exception) when (exception.Status is 412 or 409 or 404 && (ifMatch is not null || ifNoneExists) && exception.ErrorCode != "ContainerNotFound")
            {
                throw new DocumentConflictException($"Blob '{container}/{name}' was not written: {(ifNoneExists ? "it exists already" : "its ETag changed")}.");
            }
        });
    }

    public Task<StoredBlob?> GetAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return _containers.UseAsync(container, async () =>
        {
            try
            {
                var result = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
                return new StoredBlob(name, result.Content.ToMemory(), result.Details.ETag.ToString("H"));
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == "BlobNotFound")
            {
                return null;
            }
        });
    }

    public Task<bool> DeleteAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, name);
        return _containers.UseAsync(container, async () =>
            (await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value);
    }

    private BlobClient Blob(string container, string name)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        return _service.GetBlobContainerClient(container).GetBlobClient(name);
    }
}
