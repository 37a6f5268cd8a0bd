namespace Serverless.Functions.Hosting;

/// <summary>
/// How the process was started: standalone (a plain ASP.NET Core server that drives its own queue pollers and
/// timers, the default) or by the Azure Functions host as its isolated worker (the host drives every trigger).
/// </summary>
internal sealed record HostingMode(bool IsFunctionsHost)
{
    public const string DefaultLocalUrl = "http://localhost:7071";

    /// <summary>The worker's own argument naming the host's gRPC endpoint; the host passes it to every worker it starts.</summary>
    public const string FunctionsUriArgument = "--functions-uri";

    /// <summary>The same endpoint given through the environment (the worker's <c>Functions:Worker:HostEndpoint</c>).</summary>
    public const string HostEndpointVariable = "AZURE_FUNCTIONS_Functions__Worker__HostEndpoint";

    /// <summary>AppContext data set by the native host Azure uses, which loads the worker in process and passes no arguments.</summary>
    public const string NativeHostAppContextKey = "AZURE_FUNCTIONS_NATIVE_HOST";

    public static HostingMode Standalone { get; } = new(false);

    public static HostingMode FunctionsHost { get; } = new(true);

    /// <summary>
    /// The Functions host is present when one of its own signs is: the worker cannot start without them, so none is
    /// ever seen standalone. <c>FUNCTIONS_WORKER_RUNTIME</c> is no sign (Functions images and shells set it), nor are
    /// <c>--host</c>/<c>--port</c> (test runners start their processes with those).
    /// </summary>
    public static HostingMode Detect(IReadOnlyList<string> args, Func<string, string?> environment, Func<string, object?> appContextData)
    {
        var underHost = args.Any(a => a.Equals(FunctionsUriArgument, StringComparison.OrdinalIgnoreCase) || a.StartsWith(FunctionsUriArgument + "=", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrWhiteSpace(environment(HostEndpointVariable))
            || appContextData(NativeHostAppContextKey) is not null;
        return underHost ? FunctionsHost : Standalone;
    }

    /// <summary>Detects the mode of this process from its arguments, environment and AppContext.</summary>
    public static HostingMode Detect(IReadOnlyList<string> args) =>
        Detect(args, Environment.GetEnvironmentVariable, AppContext.GetData);
}
