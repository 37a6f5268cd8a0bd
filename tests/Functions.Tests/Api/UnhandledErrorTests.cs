using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

public sealed class UnhandledErrorTests
{
    [Fact]
    public async Task Unexpected_exception_is_a_logged_500_envelope_that_reveals_nothing()
    {
        await using var server = await PlatformServer.StartAsync(configureServices: services =>
            services.AddSingleton<IIntegratedAccountLifecycle, FailingLifecycle>());
        var (integration, _) = await TestData.InstallAsync(server.Client, server.Client);
        var answer = await server.Client.PostJsonAsync("/integrated-account", new JsonObject
        {
            ["integration_name"] = TestData.Name(integration),
            ["tenant_id"] = "t",
            ["context"] = new JsonObject { ["api_key"] = "k", ["subdomain"] = "a" },
        });

        var message = answer.ExpectError(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain(FailingLifecycle.Marker, answer.Text);
        Assert.DoesNotContain("at Serverless", answer.Text);
        Assert.Contains("internal error", message);
        Assert.Contains(FailingLifecycle.Marker, server.Logs.AllText);
    }

    private sealed class FailingLifecycle : IIntegratedAccountLifecycle
    {
        public const string Marker = "lifecycle exploded 7f3a";

        public ValueTask<string> InitialStatusAsync(IntegratedAccountRecord account, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Marker);
    }
}
