using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Core.Auth;

/// <summary>PKCE (RFC 7636) with S256.</summary>
public static class Pkce
{
    /// <summary>A 43-character verifier from 32 random bytes.</summary>
    public static string NewVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 code challenge of <paramref name="verifier"/>: base64url(SHA-256(verifier)) (RFC 7636 §4.2).</summary>
    public static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
