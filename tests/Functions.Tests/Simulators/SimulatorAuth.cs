using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Serverless.Functions.Tests.Simulators;

/// <summary>What a simulator accepts as proof of identity; anything else is answered as the vendor does.</summary>
public abstract class SimulatorAuth
{
    public abstract bool Accepts(HttpRequest request);

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> with one of a set of tokens that can change at run time.</summary>
    public static BearerTokens Bearer(params string[] tokens) => new(tokens);

    /// <summary><c>Authorization: Bearer</c> with an access token the OAuth server issued and that has not expired.</summary>
    public static SimulatorAuth IssuedBy(OAuthServerSimulator server) => new IssuedTokens(server);

    public static SimulatorAuth Basic(string username, string password) => new BasicCredentials(username, password);

    internal static bool FixedTimeEquals(string? left, string right) =>
        left is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public sealed class BearerTokens(IEnumerable<string> tokens) : SimulatorAuth
    {
        private readonly HashSet<string> _accepted = [.. tokens];
        private readonly Lock _gate = new();

        public void Accept(string token)
        {
            lock (_gate) _accepted.Add(token);
        }

        public void Revoke(string token)
        {
            lock (_gate) _accepted.Remove(token);
        }

        public override bool Accepts(HttpRequest request)
        {
            var token = BearerToken(request);
            lock (_gate) return token is not null && _accepted.Any(candidate => FixedTimeEquals(token, candidate));
        }
    }

    private sealed class IssuedTokens(OAuthServerSimulator server) : SimulatorAuth
    {
        public override bool Accepts(HttpRequest request) =>
            BearerToken(request) is { } token && server.IsValidAccessToken(token);
    }

    private sealed class BasicCredentials(string username, string password) : SimulatorAuth
    {
        private readonly string _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

        public override bool Accepts(HttpRequest request) => FixedTimeEquals(request.Headers.Authorization.ToString(), _expected);
    }
}
