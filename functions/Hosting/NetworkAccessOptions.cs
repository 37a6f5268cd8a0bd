using Microsoft.Extensions.Configuration;

namespace Serverless.Functions.Hosting;

/// <summary>
/// Which outbound targets the platform may call (SPEC §11). Off by default: loopback, link-local,
/// private and unspecified addresses are refused unless the deployment opts in.
/// </summary>
public sealed record NetworkAccessOptions(bool AllowPrivateNetworkTargets)
{
    public static NetworkAccessOptions FromConfiguration(IConfiguration configuration)
    {
        var raw = PlatformSettings.Read(configuration, PlatformSettings.AllowPrivateNetworkTargets);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new NetworkAccessOptions(false);
        }
        return bool.TryParse(raw.Trim(), out var allow)
            ? new NetworkAccessOptions(allow)
            : throw new PlatformConfigurationException(PlatformSettings.AllowPrivateNetworkTargets, $"expected 'true' or 'false', got '{raw}'.");
    }
}
