namespace Serverless.Core.Auth;

/// <summary>
/// The token endpoint refused (<see cref="IsRejection"/>: a 4xx such as <c>invalid_grant</c>, the
/// account must re-authorize) or failed (5xx, unreachable: worth retrying later).
/// </summary>
public sealed class OAuthTokenException(string message, int? statusCode, string? error) : Exception(message)
{
    /// <summary>The token endpoint's HTTP status, or null when no answer came back.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>The OAuth <c>error</c> code from the response (<c>invalid_grant</c>...), when there was one.</summary>
    public string? Error { get; } = error;

    /// <summary>Whether the endpoint refused the request (4xx): retrying will not help and the account must re-authorize.</summary>
    public bool IsRejection => StatusCode is >= 400 and < 500;
}
