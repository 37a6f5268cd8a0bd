using System.Net;
using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Functions.Hosting.Durable;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// <c>GET /health</c> tells an operator (or a probe) that the standalone server's Durable Task engine is not running: while
/// its backend fails to start it answers 503 naming the backend, without the error itself (no token is needed there);
/// once a retry starts it, <c>{"status":"ok"}</c> again.
/// </summary>
public sealed class DurableEngineHealthTests
{
    [Fact]
    public async Task Health_answers_503_naming_the_Durable_backend_while_it_fails_to_start_and_ok_once_it_starts()
    {
        var failing = true;
        await using var server = await PlatformServer.StartAsync(configureServices: services =>
        {
            services.Configure<DurableTaskEngineOptions>(options =>
            {
                options.BackendStartRetryDelay = TimeSpan.FromMilliseconds(50);
                options.BackendStartMaxRetryDelay = TimeSpan.FromMilliseconds(100);
            });
            services.AddSingleton<IOrchestrationService>(provider =>
                new UnreachableAtStart((IOrchestrationService)provider.GetRequiredService<IOrchestrationServiceClient>(), () => Volatile.Read(ref failing)));
        });
        using var anonymous = server.CreateClient(token: null);

        var unhealthy = await WaitForHealthAsync(anonymous, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", unhealthy["status"]!.GetValue<string>());
        var durable = unhealthy["checks"]!["durable"]!.GetValue<string>();
        Assert.Contains("UnreachableAtStart failed to start", durable, StringComparison.Ordinal);
        Assert.DoesNotContain("queue endpoint refused", durable, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, entry => entry.StartsWith("Error", StringComparison.Ordinal) && entry.Contains("queue endpoint refused", StringComparison.Ordinal));

        Volatile.Write(ref failing, false);

        var healthy = await WaitForHealthAsync(anonymous, HttpStatusCode.OK);
        Assert.Equal("ok", healthy["status"]!.GetValue<string>());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForHealthAsync(HttpClient client, HttpStatusCode status)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var answer = await client.GetJsonAsync("/health");
            if (answer.Status == status)
            {
                return answer.Expect(status);
            }

            await Task.Delay(20, patience.Token);
        }
    }

    /// <summary>The real backend, but its start fails while <paramref name="failing"/> says so.</summary>
    private sealed class UnreachableAtStart(IOrchestrationService inner, Func<bool> failing) : DelegatingOrchestrationService(inner)
    {
        public override Task StartAsync() =>
            failing() ? Task.FromException(new InvalidOperationException("queue endpoint refused")) : Inner.StartAsync();
    }
}
