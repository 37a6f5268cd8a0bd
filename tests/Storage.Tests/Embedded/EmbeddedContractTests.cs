using System.Security.Cryptography;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Storage.Tests.Contracts;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

public sealed class SqliteDocumentStoreContractTests(EmbeddedDatabaseFixture fixture) : DocumentStoreContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new SqliteDocumentStore(fixture.Database));
}

public sealed class SqliteWorkQueueContractTests(EmbeddedDatabaseFixture fixture) : WorkQueueContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override Task<IWorkQueue> CreateQueueAsync(WorkQueueOptions options) => Task.FromResult<IWorkQueue>(
        new BlobBackedWorkQueue(new SqliteWorkQueue(fixture.Database, options), new SqliteBlobStore(fixture.Database)));
}

public sealed class SqliteBlobStoreContractTests(EmbeddedDatabaseFixture fixture) : BlobStoreContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new SqliteBlobStore(fixture.Database));
}

public sealed class EncryptedSecretStoreContractTests(EmbeddedDatabaseFixture fixture) : SecretStoreContract, IClassFixture<EmbeddedDatabaseFixture>
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(SecretsKey.SizeInBytes);

    protected override Task<ISecretStore> CreateStoreAsync() => Task.FromResult<ISecretStore>(new EncryptedSecretStore(fixture.Database, Key));
}
