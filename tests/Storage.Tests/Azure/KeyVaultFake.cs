using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Http;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>
/// A Key Vault stand-in on loopback HTTPS: answers unauthenticated requests with the bearer challenge, then
/// serves secrets in Key Vault's JSON shape with soft delete (a deleted name cannot be set until purged or
/// recovered) and case-insensitive names.
/// </summary>
public sealed class KeyVaultFake : IAsyncLifetime
{
    public const string Token = "fake-vault-token";
    private const string Challenge = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";

    private readonly ConcurrentDictionary<string, Secret> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Secret> _deleted = new(StringComparer.OrdinalIgnoreCase);
    private LoopbackHttpsServer? _server;
    private readonly ConcurrentDictionary<string, bool> _releasingAfterPurge = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Like a real vault, keep a purged name blocked (409) for the next set before releasing it.</summary>
    public bool SlowPurges { get; set; }

    public StaticTokenCredential Credential { get; } = new(Token);

    public int UnauthenticatedRequests;
    public int Purges;
    public int Conflicts;

    public Uri VaultUri => _server!.BaseUri;

    public bool IsDeleted(string name) => _deleted.ContainsKey(name);

    internal AzureStorageOptions Options => new()
    {
        KeyVaultUri = VaultUri,
        Credential = Credential,
        Transport = _server!.CreateTransport(),
        VerifyKeyVaultChallengeResource = false,
    };

    public SecretClient CreateClient() => AzureStorageServiceCollectionExtensions.CreateSecretClient(Options, VaultUri);

    public async Task InitializeAsync() => _server = await LoopbackHttpsServer.StartAsync(HandleAsync);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            Interlocked.Increment(ref UnauthenticatedRequests);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = Challenge;
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        var baseUri = VaultUri.AbsoluteUri.TrimEnd('/');
        switch (request.Method, segments)
        {
            case ("GET", ["secrets", var name, ..]):
                await (_secrets.TryGetValue(name, out var found)
                    ? WriteAsync(context, 200, Bundle(baseUri, found))
                    : NotFoundAsync(context, "SecretNotFound", name));
                return;

            case ("PUT", ["secrets", var name]):
                if (_deleted.ContainsKey(name) || _releasingAfterPurge.TryRemove(name, out _))
                {
                    Interlocked.Increment(ref Conflicts);
                    await ErrorAsync(context, 409, "Conflict", $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.");
                    return;
                }

                var body = await JsonNode.ParseAsync(request.Body);
                var value = body?["value"]?.GetValue<string>();
                if (value is null)
                {
                    await ErrorAsync(context, 400, "BadParameter", "Property value is required.");
                    return;
                }

                var secret = new Secret(_secrets.TryGetValue(name, out var existing) ? existing.Name : name, value, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
                _secrets[name] = secret;
                await WriteAsync(context, 200, Bundle(baseUri, secret));
                return;

            case ("DELETE", ["secrets", var name]):
                if (!_secrets.TryRemove(name, out var removed))
                {
                    await NotFoundAsync(context, "SecretNotFound", name);
                    return;
                }

                _deleted[name] = removed;
                await WriteAsync(context, 200, DeletedBundle(baseUri, removed));
                return;

            case ("GET", ["deletedsecrets", var name]):
                await (_deleted.TryGetValue(name, out var deleted)
                    ? WriteAsync(context, 200, DeletedBundle(baseUri, deleted))
                    : NotFoundAsync(context, "SecretNotFound", name));
                return;

            case ("DELETE", ["deletedsecrets", var name]):
                if (_deleted.TryRemove(name, out _))
                {
                    Interlocked.Increment(ref Purges);
                    if (SlowPurges)
                    {
                        _releasingAfterPurge[name] = true;
                    }

                    context.Response.StatusCode = 204;
                }
                else
                {
                    await NotFoundAsync(context, "SecretNotFound", name);
                }

                return;

            case ("POST", ["deletedsecrets", var name, "recover"]):
                if (_deleted.TryRemove(name, out var recovered))
                {
                    _secrets[name] = recovered;
                    await WriteAsync(context, 200, Bundle(baseUri, recovered));
                }
                else
                {
                    await NotFoundAsync(context, "SecretNotFound", name);
                }

                return;

            default:
                await ErrorAsync(context, 400, "BadParameter", $"The fake vault does not serve {request.Method} {request.Path}.");
                return;
        }
    }

    private static JsonObject Bundle(string baseUri, Secret secret) => new()
    {
        ["value"] = secret.Value,
        ["id"] = $"{baseUri}/secrets/{secret.Name}/{secret.Version}",
        ["attributes"] = new JsonObject
        {
            ["enabled"] = true,
            ["created"] = secret.Updated.ToUnixTimeSeconds(),
            ["updated"] = secret.Updated.ToUnixTimeSeconds(),
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = 90,
        },
    };

    private static JsonObject DeletedBundle(string baseUri, Secret secret)
    {
        var bundle = Bundle(baseUri, secret);
        bundle.Remove("value");
        bundle["recoveryId"] = $"{baseUri}/deletedsecrets/{secret.Name}";
        bundle["deletedDate"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bundle["scheduledPurgeDate"] = DateTimeOffset.UtcNow.AddDays(90).ToUnixTimeSeconds();
        return bundle;
    }

    private static Task NotFoundAsync(HttpContext context, string code, string name) =>
        ErrorAsync(context, 404, code, $"A secret with (name/id) {name} was not found in this key vault.");

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private sealed record Secret(string Name, string Value, string Version, DateTimeOffset Updated);
}
