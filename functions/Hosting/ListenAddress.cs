namespace Serverless.Functions.Hosting;

/// <summary>Where Kestrel listens: the host's port on loopback in Azure, 7071 locally unless told otherwise.</summary>
internal static class ListenAddress
{
    public static void Configure(WebApplicationBuilder builder, HostingMode mode)
    {
        if (mode.CustomHandlerPort is { } port)
        {
            // Only the Functions host on the same machine may talk to the handler.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            return;
        }
        if (!IsConfiguredElsewhere(builder.Configuration))
        {
            builder.WebHost.UseUrls(HostingMode.DefaultLocalUrl);
        }
    }

    // --urls and ASPNETCORE_URLS both land in "urls"; container images set ASPNETCORE_HTTP_PORTS.
    private static bool IsConfiguredElsewhere(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
