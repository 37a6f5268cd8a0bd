using Serverless.Core.Json;
using System.Net;
using System.Net.Sockets;
using Serverless.Core.Events;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// Checks on webhook subscriptions: the target is an absolute http(s) URL, not a loopback, link-local,
/// private or unspecified address unless the deployment allows those (SPEC §11); event types are known.
/// Host names are resolved at delivery time too, since DNS can change after the check.
/// </summary>
internal static class WebhookTargets
{
    public static async Task<IReadOnlyList<ValidationError>> CheckAsync(string? targetUrl, IReadOnlyList<string>? eventTypes, bool allowPrivate, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        if (targetUrl is not null)
        {
            if (!Uri.TryCreate(targetUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(new ValidationError("$.target_url", "expected an absolute http or https URL"));
            }
            else if (!allowPrivate && await IsPrivateAsync(uri, ct))
            {
                errors.Add(new ValidationError("$.target_url", "resolves to a loopback, link-local, private or unspecified address, which this deployment refuses"));
            }
        }

        for (var i = 0; i < (eventTypes?.Count ?? 0); i++)
        {
            if (!EventTypes.IsKnown(eventTypes![i]))
            {
                errors.Add(new ValidationError($"$.event_types[{i}]", $"unknown event type '{eventTypes[i]}'"));
            }
        }

        return errors;
    }

    private static async Task<bool> IsPrivateAsync(Uri uri, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
            }
            catch (SocketException)
            {
                // Unresolvable now; delivery re-checks and fails visibly then.
                return false;
            }
        }

        return addresses.Any(IsPrivate);
    }

    internal static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
