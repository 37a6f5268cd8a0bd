namespace Serverless.Core.Auth;

/// <summary>How an account gets a fresh access token.</summary>
public enum OAuthGrant
{
    /// <summary><c>oauth2</c>: with its refresh token; without one it must re-authorize.</summary>
    RefreshToken,

    /// <summary><c>oauth2_client_credentials</c>: a new client_credentials grant.</summary>
    ClientCredentials,
}
