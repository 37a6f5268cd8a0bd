namespace Serverless.Core.Auth;

/// <summary>
/// The token endpoint refused (<see cref="IsRejection"/>: a 4xx such as <c>invalid_grant</c>, the
/// account must re-authorize) or failed (5xx, unreachable: worth retrying later).
/// </summary>
public sealed class OAuthTokenException(string message, int? statusCode, string? error) : Exception(message)
{
    public int? StatusCode { get; } = statusCode;

    /// <summary>The OAuth <c>error</c> code from the response (<c>invalid_grant</c>...), when there was one.</summary>
    public string? Error { get; } = error;

    public bool IsRejection => StatusCode is >= 400 and < 500;
}
