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
    public void Private_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(OutboundTargetGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Internet_addresses_are_public(string address) => Assert.True(OutboundTargetGuard.IsPublic(IPAddress.Parse(address)));

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
