using System.Text.Json;
using Serverless.Core.Storage;
using Serverless.Functions.Storage.Azure;
using Serverless.Functions.Tests.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Infra;

public sealed class HostJsonTests
{
    private static readonly JsonElement Host = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("host.json"))).RootElement;

    [Fact]
    public void Poison_threshold_is_the_platform_queues_threshold()
    {
        var queues = Host.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(new WorkQueueOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(new AzureStorageOptions().Queues.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        // The Azure queue backend writes plain (XML-escaped) text, not base64.
        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void Http_requests_are_forwarded_as_is_without_a_route_prefix()
    {
        Assert.Equal("2.0", Host.GetProperty("version").GetString());
        Assert.True(Host.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", Host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", Host.GetProperty("extensionBundle").GetProperty("id").GetString());
    }

    [Fact]
    public void Handler_command_runs_this_assembly()
    {
        var description = Host.GetProperty("customHandler").GetProperty("description");

        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal([typeof(Program).Assembly.GetName().Name + ".dll"], description.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
    }
}
