using System.Text.Json.Nodes;
using Serverless.Core.Http;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;

namespace Serverless.Core.Proxy;

/// <summary>
/// The secret values a vendor call knows (SPEC §11), for <see cref="SecretScrubber"/>: the account's
/// secret context fields (the integration's password fields and the names that are secrets whatever the
/// definition says, e.g. the OAuth token set), the config's literal secrets, the environment variables
/// secrets come from, and the credentials actually sent (the <c>Authorization</c> header: its basic form
/// encodes user and password, its expression form may be computed).
/// </summary>
internal static class CallSecrets
{
    private static readonly string[] CredentialHeaders = ["Authorization", "Proxy-Authorization"];

    public static SecretScrubber Of(CompiledIntegration integration, ProxyAccount account) =>
        new(Values(integration, account.Context, account.EnvironmentVariables, null));

    /// <param name="context">The context the request was built from (with a fresh OAuth token, say), besides the account's.</param>
    public static SecretScrubber Of(CompiledIntegration integration, ProxyAccount account, JsonObject context, OutboundRequest? request) =>
        Of(integration, account).Including(new(Values(integration, context, account.EnvironmentVariables, request)));

    private static IEnumerable<string?> Values(CompiledIntegration integration, JsonObject context, JsonObject environmentVariables, OutboundRequest? request)
    {
        foreach (var (field, value) in context)
        {
            if (integration.SecretFields.Contains(field) || SecretContextFields.IsSecret(field))
            {
                foreach (var text in SecretLeaves(value))
                {
                    yield return text;
                }
            }
        }

        foreach (var literal in integration.SecretLiterals)
        {
            yield return literal;
        }

        foreach (var name in integration.SecretVariables)
        {
            if (environmentVariables[name] is JsonValue variable && variable.TryGetValue<string>(out var text))
            {
                yield return text;
            }
        }

        foreach (var header in CredentialHeaders)
        {
            if (request is not null && request.Headers.TryGetValue(header, out var sent))
            {
                yield return sent;
                // "Basic dXNlcjpwYXNz": the credentials without the scheme word.
                yield return sent[(sent.IndexOf(' ') + 1)..];
            }
        }
    }

    /// <summary>A secret field's text; inside an object (the OAuth token set) only members with secret names (not <c>token_type</c> or <c>scope</c>).</summary>
    private static IEnumerable<string> SecretLeaves(JsonNode? value)
    {
        switch (value)
        {
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                yield return text;
                break;
            case JsonObject obj:
                foreach (var (name, member) in obj)
                {
                    var leaves = member is JsonObject || SecretContextFields.IsSecret(name) ? SecretLeaves(member) : [];
                    foreach (var leaf in leaves)
                    {
                        yield return leaf;
                    }
                }

                break;
        }
    }
}
