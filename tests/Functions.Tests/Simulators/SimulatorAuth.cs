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
        private readonly HashSet<string> accepted = [.. tokens];
        private readonly Lock gate = new();

        public void Accept(string token)
        {
            lock (gate) accepted.Add(token);
        }

        public void Revoke(string token)
        {
            lock (gate) accepted.Remove(token);
        }

        public override bool Accepts(HttpRequest request)
        {
            var token = BearerToken(request);
            lock (gate) return token is not null && accepted.Any(candidate => FixedTimeEquals(token, candidate));
        }
    }

    private sealed class IssuedTokens(OAuthServerSimulator server) : SimulatorAuth
    {
        public override bool Accepts(HttpRequest request) =>
            BearerToken(request) is { } token && server.IsValidAccessToken(token);
    }

    private sealed class BasicCredentials(string username, string password) : SimulatorAuth
    {
        private readonly string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

        public override bool Accepts(HttpRequest request) => FixedTimeEquals(request.Headers.Authorization.ToString(), expected);
    }
}
