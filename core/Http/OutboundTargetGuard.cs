using System.Net;
using System.Net.Sockets;

namespace Serverless.Core.Http;

/// <summary>
/// Refuses connections to loopback, link-local (cloud metadata), private, shared, multicast, reserved and
/// unspecified addresses (SPEC §11), including IPv6 forms that carry such an IPv4 address (mapped,
/// IPv4-compatible <c>::127.0.0.1</c>, NAT64, 6to4). It runs as the pooled handler's connect callback, on
/// the address actually connected to, so a name that resolves differently later (DNS rebinding) cannot
/// slip past a check; <see cref="CheckAsync"/> applies the same rule when a target is configured.
/// </summary>
public sealed class OutboundTargetGuard(bool allowPrivateNetworkTargets)
{
    // IANA special-purpose registries: nothing here is a public internet host.
    private static readonly IPNetwork[] NonPublicIPv4 =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork[] NonPublicIPv6 =
    [
        .. new[]
        {
            "::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    // IPv6 prefixes whose addresses embed an IPv4 address (RFC 6052 NAT64, RFC 3056 6to4): public only if it is.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Whether private and loopback addresses are allowed as vendor targets.</summary>
    public bool AllowsPrivateNetworkTargets => allowPrivateNetworkTargets;

    /// <summary>Whether <paramref name="address"/> is publicly routable: not loopback, private, link-local, reserved or documentation space, also for IPv4 embedded in IPv6.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return !NonPublicIPv4.Any(network => network.Contains(address));
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        if (SixToFour.Contains(address)) return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
        // ::/96 covers :: and ::1 as well as the deprecated IPv4-compatible form ::a.b.c.d.
        return !NonPublicIPv6.Any(network => network.Contains(address));
    }

    /// <summary>
    /// The same rule for a URL someone configures (a webhook's <c>target_url</c>), on the addresses its host
    /// resolves to now: the problem, or <c>null</c> when it may be called (or private targets are allowed).
    /// A name that does not resolve yet passes: the connect-time check decides when it is called.
    /// </summary>
    public async Task<string?> CheckAsync(Uri target, CancellationToken cancellationToken)
    {
        if (allowPrivateNetworkTargets) return null;
        IPAddress[] addresses;
        if (target.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            addresses = [IPAddress.Parse(target.IdnHost)];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(target.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return null;
            }
        }
        var refused = addresses.FirstOrDefault(address => !IsPublic(address));
        return refused is null
            ? null
            : $"{target.IdnHost} is (or resolves to) {refused}, a loopback, link-local, private, multicast or reserved address, which this deployment does not call";
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
