namespace Serverless.Functions.Api;

/// <summary>Settings of the platform API, bound from configuration (environment variables).</summary>
public sealed class PlatformApiOptions
{
    /// <summary>Largest accepted request body (<c>MAX_REQUEST_BODY_BYTES</c>); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A token value that must exist, with scope <c>admin</c>, for the environment <c>default</c> (<c>ADMIN_API_TOKEN</c>).</summary>
    public string? AdminApiToken { get; set; }

    /// <summary>Failed authentications a client may have per <see cref="AuthFailureWindow"/> before it gets 429 (<c>AUTH_FAILURE_LIMIT</c>).</summary>
    public int AuthFailureLimit { get; set; } = 100;

    /// <summary>The window of <see cref="AuthFailureLimit"/> (<c>AUTH_FAILURE_WINDOW_SECONDS</c>).</summary>
    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;
}
