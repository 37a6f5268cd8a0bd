using System.Net;
using System.Net.Sockets;
using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class OutboundTargetGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.10")]
    [InlineData("::")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("ff02::1")]
    public void Private_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(OutboundTargetGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    public void Internet_addresses_are_public(string address) => Assert.True(OutboundTargetGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://224.0.0.1/hook")]
    [InlineData("http://[::127.0.0.1]/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/latest")]
    [InlineData("http://localhost:8080/")]
    public async Task A_configured_target_is_checked_by_the_connect_rule(string url)
    {
        Assert.NotNull(await new OutboundTargetGuard(allowPrivateNetworkTargets: false).CheckAsync(new Uri(url), default));
        Assert.Null(await new OutboundTargetGuard(allowPrivateNetworkTargets: true).CheckAsync(new Uri(url), default));
    }

    [Fact]
    public async Task A_public_target_passes_the_configuration_check() =>
        Assert.Null(await new OutboundTargetGuard(allowPrivateNetworkTargets: false).CheckAsync(new Uri("https://8.8.8.8/hook"), default));

    [Fact]
    public async Task A_guarded_client_refuses_to_connect_to_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new OutboundTargetGuard(allowPrivateNetworkTargets: false).CreateClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/"));
        Assert.Contains("private or reserved", refused.Message);
    }
}
