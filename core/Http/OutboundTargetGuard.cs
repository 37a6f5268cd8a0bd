using System.Net;
using System.Net.Sockets;

namespace Serverless.Core.Http;

/// <summary>
/// Refuses connections to loopback, link-local (cloud metadata), private, shared and unspecified
/// addresses (SPEC §11). It runs as the pooled handler's connect callback, on the address actually
/// connected to, so a name that resolves differently later (DNS rebinding) cannot slip past a check.
/// </summary>
public sealed class OutboundTargetGuard(bool allowPrivateNetworkTargets)
{
    public bool AllowsPrivateNetworkTargets => allowPrivateNetworkTargets;

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            // fc00::/7 unique local; link-local and site-local by the runtime's own flags.
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (bytes[0] & 0xFE) == 0xFC || address.IsIPv6Multicast);
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || b[0] == 0 || b[0] == 127
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224);
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves, checks every address used, connects.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        if (!allowPrivateNetworkTargets)
        {
            addresses = [.. addresses.Where(IsPublic)];
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"the target {endpoint.Host} resolves to a private or reserved address, which this deployment does not call (set ALLOW_PRIVATE_NETWORK_TARGETS=true to allow it)");
            }
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The one pooled client of the process for vendor and token calls.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
