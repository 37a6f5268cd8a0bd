namespace Serverless.Functions.Hosting;

/// <summary>
/// Which outbound targets the platform may call (SPEC §11). Off by default: loopback, link-local, private and
/// unspecified addresses are refused unless the deployment opts in with <c>ALLOW_PRIVATE_NETWORK_TARGETS=true</c>.
/// </summary>
internal sealed class NetworkAccessOptions
{
    [ConfigurationKeyName(PlatformSettings.AllowPrivateNetworkTargets)]
    public bool AllowPrivateNetworkTargets { get; set; }
}
