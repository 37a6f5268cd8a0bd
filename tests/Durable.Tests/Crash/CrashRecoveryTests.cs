using Serverless.Durable.Tests.Infrastructure;
using Serverless.Storage.Tests.Azure;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Durable.Tests.Crash;

public sealed class SqliteCrashRecoveryTests(ITestOutputHelper output) : CrashRecoveryContract(output)
{
    protected override IReadOnlyDictionary<string, string> BackendSettings(string directory) =>
        new Dictionary<string, string> { ["STORAGE"] = "embedded", ["DATA_DIR"] = directory };
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageCrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output) : CrashRecoveryContract(output)
{
    private readonly string _hub = DurableEngine.UniqueHubName("crash");

    protected override IReadOnlyDictionary<string, string> BackendSettings(string directory) => new Dictionary<string, string>
    {
        ["STORAGE"] = "azure",
        ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,
        ["DURABLE_TASK_HUB"] = _hub,
        // Secrets of the Azure mode without a vault live under DATA_DIR; the engine itself does not use it.
        ["DATA_DIR"] = directory,
    };
}
