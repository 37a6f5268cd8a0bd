namespace Serverless.Functions.Hosting;

/// <summary>Where the standalone server listens: 7071 on localhost unless told otherwise.</summary>
internal static class ListenAddress
{
    public static void Configure(WebApplicationBuilder builder)
    {
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
