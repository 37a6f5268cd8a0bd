using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Serverless.Functions.Hosting;

/// <summary>
/// The <c>appsettings.json</c> published next to the program (the log levels: <c>Information</c>, ASP.NET Core's own
/// per-request lines at <c>Warning</c>), read whatever the current directory. ASP.NET Core reads it from the content
/// root, the current directory: <c>dotnet /srv/platform/Serverless.Functions.dll</c> started elsewhere (a service unit,
/// a test harness, a benchmark) read none and logged four lines per request. The program's copy comes first, so the
/// content root's file, environment variables and the command line still override it.
/// </summary>
internal static class ShippedSettings
{
    private const string FileName = "appsettings.json";

    public static void Add(IConfigurationManager configuration)
    {
        var directory = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(directory, FileName)))
        {
            return;
        }

        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(directory),
            Path = FileName,
            Optional = true,
            ReloadOnChange = false,
        });
    }
}
