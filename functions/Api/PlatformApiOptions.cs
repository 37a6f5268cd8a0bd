namespace Serverless.Functions.Api;

/// <summary>
/// Settings of the platform API, bound from configuration by their environment-variable names and validated at
/// start-up: a malformed or out-of-range value stops the start naming the setting.
/// </summary>
internal sealed class PlatformApiOptions
{
    public const string MaxRequestBodyBytesSetting = "MAX_REQUEST_BODY_BYTES";
    public const string AdminApiTokenSetting = "ADMIN_API_TOKEN";
    public const string AuthFailureLimitSetting = "AUTH_FAILURE_LIMIT";
    public const string AuthFailureWindowSecondsSetting = "AUTH_FAILURE_WINDOW_SECONDS";

    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    /// <summary>Largest accepted request body; larger ones get 413. Also what a YAML body may expand to, and a stored config's limit.</summary>
    [ConfigurationKeyName(MaxRequestBodyBytesSetting)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A token value that must exist, with scope <c>admin</c>, for the environment <c>default</c>.</summary>
    [ConfigurationKeyName(AdminApiTokenSetting)]
    public string? AdminApiToken { get; set; }

    /// <summary>Failed authentications a client may have per <see cref="AuthFailureWindow"/> before it gets 429.</summary>
    [ConfigurationKeyName(AuthFailureLimitSetting)]
    public int AuthFailureLimit { get; set; } = 100;

    /// <summary>The window of <see cref="AuthFailureLimit"/>, in seconds.</summary>
    [ConfigurationKeyName(AuthFailureWindowSecondsSetting)]
    public int AuthFailureWindowSeconds { get; set; } = 60;

    public TimeSpan AuthFailureWindow => TimeSpan.FromSeconds(AuthFailureWindowSeconds);
}
