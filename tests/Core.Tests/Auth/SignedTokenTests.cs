using System.Text.Json.Nodes;
using Serverless.Core.Auth;
using Xunit;

namespace Serverless.Core.Tests.Auth;

public sealed class SignedTokenTests
{
    private sealed class SettableTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void A_token_reads_back_until_it_expires()
    {
        var time = new SettableTime();
        var tokens = new SignedToken(Key, time);
        var token = tokens.Create(new JsonObject { ["sid"] = "abc" }, TimeSpan.FromMinutes(10));

        Assert.Equal("abc", (string?)tokens.Read(token)!["sid"]);
        time.Now = time.Now.AddMinutes(11);
        Assert.Null(tokens.Read(token));
    }

    [Fact]
    public void A_changed_payload_or_another_key_is_refused()
    {
        var time = new SettableTime();
        var token = new SignedToken(Key, time).Create(new JsonObject { ["env"] = "a" }, TimeSpan.FromMinutes(10));
        var forged = new SignedToken(Key, time).Create(new JsonObject { ["env"] = "b" }, TimeSpan.FromMinutes(10));
        var spliced = forged[..forged.IndexOf('.')] + token[token.IndexOf('.')..];

        Assert.Null(new SignedToken(Key, time).Read(spliced));
        Assert.Null(new SignedToken([.. Key.Reverse()], time).Read(token));
        Assert.Null(new SignedToken(Key, time).Read("no-dot"));
        Assert.Null(new SignedToken(Key, time).Read("!!.??"));
    }

    [Fact]
    public void Pkce_challenge_is_the_base64url_sha256_of_the_verifier()
    {
        // RFC 7636 appendix B.
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        Assert.Equal(43, Pkce.NewVerifier().Length);
    }
}
