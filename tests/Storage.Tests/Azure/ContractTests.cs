using Serverless.Core.Storage;
using Serverless.Functions.Storage.Azure;
using Serverless.Storage.Tests.Contracts;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableDocumentStoreContractTests(AzuriteFixture azurite) : DocumentStoreContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new AzureTableDocumentStore(azurite.Clients.Tables));
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract
{
    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new AzureBlobStore(azurite.Clients.Blobs));
}

public sealed class KeyVaultSecretStoreContractTests(KeyVaultFake vault) : SecretStoreContract, IClassFixture<KeyVaultFake>
{
    protected override Task<ISecretStore> CreateStoreAsync() =>
        Task.FromResult<ISecretStore>(new KeyVaultSecretStore(vault.CreateClient()));
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureQueueWorkQueueContractTests(AzuriteFixture azurite) : WorkQueueContract
{
    protected override Task<IWorkQueue> CreateQueueAsync(WorkQueueOptions options) =>
        Task.FromResult<IWorkQueue>(new BlobBackedWorkQueue(
            new AzureQueueWorkQueue(azurite.Clients.Queues, options),
            new AzureBlobStore(azurite.Clients.Blobs)));
}
