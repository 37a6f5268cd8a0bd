using System.Text.Json;
using Serverless.Core.Storage;
using Serverless.Functions.FunctionApp.Durable;
using Serverless.Functions.Hosting;
using Serverless.Functions.Storage.Azure;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Infra;

/// <summary>host.json: the Functions host's settings agree with what the standalone server does.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonElement Host = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json"))).RootElement;

    private static JsonElement Queues => Host.GetProperty("extensions").GetProperty("queues");

    [Fact]
    public void Poison_threshold_is_the_platform_queues_threshold()
    {
        Assert.Equal(new WorkQueueOptions().MaxDequeueCount, Queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(new AzureStorageOptions().Queues.MaxDequeueCount, Queues.GetProperty("maxDequeueCount").GetInt32());
        // The Azure queue backend writes plain text, not base64.
        Assert.Equal("none", Queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void Idle_queues_are_polled_as_often_as_the_standalone_poller_does()
    {
        // The host's default (1 min) would hold a webhook back for up to a minute after a quiet spell.
        Assert.Equal(new QueuePollingOptions().MaxIdleDelay, TimeSpan.Parse(Queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Http_functions_answer_at_the_root_like_the_standalone_server()
    {
        Assert.Equal("2.0", Host.GetProperty("version").GetString());
        Assert.Equal("", Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // An isolated worker ships its own extensions (publish output's .azurefunctions/); no custom handler.
        Assert.False(Host.TryGetProperty("customHandler", out _));
        Assert.False(Host.TryGetProperty("extensionBundle", out _));
    }

    [Fact]
    public void Durable_task_hub_is_the_platform_hub()
    {
        Assert.Equal(DurableTaskHub.Name, Host.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
    }
}
