using Serverless.Storage.Tests.Azure;
using Xunit;

namespace Serverless.Functions.Tests.Webhooks.Outbound;

/// <summary>The fault test on the Azure backend (tables, queues with delayed messages) against a real Azurite.</summary>
public sealed class AzuriteWebhookDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public Task Event_published_while_the_receiver_is_down_arrives_after_a_platform_restart_on_azure_storage() =>
        OutboundWebhookDeliveryTests.AssertDeliveredAcrossRestartAsync(_receiver, new Dictionary<string, string?>
        {
            ["STORAGE"] = "azure",
            ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString,
        },
        // Every step is a REST call to Azurite and queue delays count in whole seconds: slower than SQLite under a loaded CI machine.
        TimeSpan.FromSeconds(60));
}
