using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;

namespace Serverless.Core.Integrations;

/// <summary>
/// The one compiled form of an integration config (already deep-merged with an installation's override): the typed
/// <see cref="Model"/>, every resource method and every action compiled once (<see cref="CompiledRequest"/>,
/// <see cref="CompiledAction"/>), and the secret values calls must scrub. Built by <see cref="CompiledIntegrationCache"/>
/// once per version of an installation and shared by every call, action, lifecycle step and inbound webhook.
/// </summary>
public sealed class CompiledIntegration
{
    private readonly Dictionary<string, Dictionary<string, CompiledRequest>> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledAction> _actions = new(StringComparer.Ordinal);

    private CompiledIntegration(IntegrationConfig model, JsonObject json)
    {
        Model = model;
        foreach (var (resource, methods) in model.Resources)
        {
            var compiled = new Dictionary<string, CompiledRequest>(StringComparer.Ordinal);
            foreach (var (name, method) in methods)
            {
                compiled[name] = CompiledRequest.ForResource(resource, name, method, model);
            }

            _resources[resource] = compiled;
        }

        foreach (var (name, action) in model.Actions)
        {
            _actions[name] = CompiledAction.Compile(name, action, model);
        }

        SecretFields = (model.Credentials?.Values ?? []).OfType<ApiKeyCredentials>()
            .SelectMany(credentials => credentials.Config.Fields)
            .Where(field => field.Type == CredentialFieldType.Password)
            .Select(field => field.Name)
            .ToHashSet(StringComparer.Ordinal);
        SecretLiterals = [.. IntegrationConfigSecrets.FindLiteralSecrets(json).Select(secret => secret.Value)];
        SecretVariables = IntegrationConfigSecrets.SecretVariables(json);
    }

    /// <summary>The typed config.</summary>
    public IntegrationConfig Model { get; }

    /// <summary>The account context fields the credential definitions declare as passwords.</summary>
    public IReadOnlySet<string> SecretFields { get; }

    /// <summary>The literal secrets of the config (client secret, static token or password, webhook secrets).</summary>
    public IReadOnlyList<string> SecretLiterals { get; }

    /// <summary>The environment variables a secret of the config takes its value from.</summary>
    public IReadOnlySet<string> SecretVariables { get; }

    /// <summary>Compiles a config that <see cref="IntegrationConfigReader"/> read into <paramref name="model"/> from <paramref name="json"/>.</summary>
    public static CompiledIntegration Compile(IntegrationConfig model, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(json);
        return new CompiledIntegration(model, json);
    }

    /// <summary>Whether the config has resource <paramref name="resource"/>.</summary>
    public bool HasResource(string resource) => _resources.ContainsKey(resource);

    /// <summary>The compiled method, or null when the resource or method does not exist.</summary>
    public CompiledRequest? Find(string resource, string method) =>
        _resources.TryGetValue(resource, out var methods) ? methods.GetValueOrDefault(method) : null;

    /// <summary>A custom method (not list, get, create, update or delete) of <paramref name="resource"/>.</summary>
    public bool HasCustomMethod(string resource, string method) =>
        method is not ("list" or "get" or "create" or "update" or "delete") && Find(resource, method) is not null;

    /// <exception cref="ApiException">404 naming the missing resource or method.</exception>
    public CompiledRequest Method(string resource, string method) =>
        Find(resource, method) ?? throw ApiException.NotFound(HasResource(resource)
            ? $"resource '{resource}' has no method '{method}'"
            : $"the integration has no resource '{resource}'");

    /// <summary>The compiled action named <paramref name="name"/>, or null.</summary>
    public CompiledAction? FindAction(string name) => _actions.GetValueOrDefault(name);

    /// <exception cref="ApiException">404 when the integration has no such action.</exception>
    public CompiledAction Action(string name) =>
        FindAction(name) ?? throw ApiException.NotFound($"the integration has no action '{name}'");
}
