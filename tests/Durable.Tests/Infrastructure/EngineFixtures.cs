using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Storage.Tests.Azure;
using Xunit;

namespace Serverless.Durable.Tests.Infrastructure;

/// <summary>One engine per test class, started on first use and stopped with the class.</summary>
public abstract class EngineFixture : IAsyncLifetime
{
    private Task<DurableEngine>? _engine;
    private readonly Lock _lock = new();

    public Task<DurableEngine> GetAsync(Func<Task<DurableEngine>> start)
    {
        lock (_lock)
        {
            return _engine ??= start();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (_engine is { IsCompletedSuccessfully: true } started)
        {
            await (await started).DisposeAsync();
        }
    }
}

/// <summary>The SQLite backend in a fresh data directory.</summary>
public sealed class SqliteEngineFixture : EngineFixture
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("durable-tests-").FullName;

    public Task<DurableEngine> EngineAsync() => GetAsync(() => DurableEngine.StartAsync(DurableEngine.Sqlite(DataDirectory)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>DTFx's Azure Storage provider on the shared Azurite, in a task hub of its own.</summary>
public sealed class AzuriteEngineFixture : EngineFixture
{
    public Task<DurableEngine> EngineAsync(AzuriteFixture azurite) =>
        GetAsync(() => DurableEngine.StartAsync(DurableEngine.Azure(azurite.ConnectionString, DurableEngine.UniqueHubName("conformance"))));
}

/// <summary>The test host's in-memory service behind the same sidecar and worker (not durable; a reference).</summary>
public sealed class InMemoryEngineFixture : EngineFixture
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("durable-tests-").FullName;

    public Task<DurableEngine> EngineAsync() => GetAsync(() => DurableEngine.StartAsync(
        DurableEngine.Sqlite(_dataDirectory),
        services =>
        {
            var inMemory = new InMemoryOrchestrationService();
            services.AddSingleton<IOrchestrationService>(inMemory);
            services.AddSingleton<IOrchestrationServiceClient>(inMemory);
        }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
