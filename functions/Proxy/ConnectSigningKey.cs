using System.Security.Cryptography;
using Serverless.Core.Auth;
using Serverless.Core.Storage;

namespace Serverless.Functions.Proxy;

/// <summary>The HMAC key of link tokens and OAuth states: created once, kept in the secret store so every instance shares it.</summary>
internal sealed class ConnectSigningKey(ISecretStore secrets, TimeProvider time)
{
    private const string SecretName = "connect-signing-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SignedToken? _tokens;

    public async Task<SignedToken> GetAsync(CancellationToken cancellationToken)
    {
        if (_tokens is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens is null)
            {
                var stored = await secrets.GetAsync(SecretName, cancellationToken);
                if (stored is null)
                {
                    stored = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    await secrets.SetAsync(SecretName, stored, cancellationToken);
                }
                _tokens = new SignedToken(Convert.FromBase64String(stored), time);
            }
            return _tokens;
        }
        finally
        {
            _gate.Release();
        }
    }
}
