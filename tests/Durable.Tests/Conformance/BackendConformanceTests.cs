using Serverless.Durable.Tests.Infrastructure;
using Serverless.Storage.Tests.Azure;
using Xunit;

namespace Serverless.Durable.Tests.Conformance;

public sealed class SqliteConformanceTests(SqliteEngineFixture engine) : OrchestrationConformance, IClassFixture<SqliteEngineFixture>
{
    protected override Task<DurableEngine> EngineAsync() => engine.EngineAsync();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageConformanceTests(AzuriteFixture azurite, AzuriteEngineFixture engine) : OrchestrationConformance, IClassFixture<AzuriteEngineFixture>
{
    protected override TimeSpan Patience => TimeSpan.FromMinutes(3);

    protected override Task<DurableEngine> EngineAsync() => engine.EngineAsync(azurite);
}

public sealed class InMemoryConformanceTests(InMemoryEngineFixture engine) : OrchestrationConformance, IClassFixture<InMemoryEngineFixture>
{
    protected override Task<DurableEngine> EngineAsync() => engine.EngineAsync();
}
