using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Readme;

/// <summary>
/// Runs the README's curl quickstart, as written, against a live standalone server, so the README cannot drift
/// from what the platform does (FunctionsHostEndToEndTests runs it through the Functions host too).
/// </summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public async Task Quickstart_curl_block_runs_as_written_against_a_live_server()
    {
        await using var server = await PlatformServer.StartAsync(adminToken: "readme-quickstart-token");

        await ReadmeQuickstart.RunAndCheckAsync(server.BaseAddress, server.AdminToken!);
    }
}
