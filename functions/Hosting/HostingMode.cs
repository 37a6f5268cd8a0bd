using Microsoft.Extensions.Configuration;

namespace Serverless.Functions.Hosting;

/// <summary>
/// How the process runs: as the whole platform on its own (local pollers and timers drive the
/// triggers), or as an Azure Functions custom handler (the host invokes the triggers).
/// </summary>
public sealed record HostingMode(int? CustomHandlerPort)
{
    public const string DefaultLocalUrl = "http://localhost:7071";

    public bool IsFunctionsHost => CustomHandlerPort is not null;

    public static HostingMode FromConfiguration(IConfiguration configuration)
    {
        var raw = PlatformSettings.Read(configuration, PlatformSettings.CustomHandlerPort);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new HostingMode(CustomHandlerPort: null);
        }
        // Port 0 (an ephemeral port) is accepted so tests can play the host without racing for a port.
        return int.TryParse(raw, out var port) && port is >= 0 and <= 65535
            ? new HostingMode(port)
            : throw new PlatformConfigurationException(PlatformSettings.CustomHandlerPort, $"expected a TCP port number, got '{raw}'.");
    }
}
