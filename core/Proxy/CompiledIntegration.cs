using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Actions;
using Serverless.Core.Auth;
using Serverless.Core.Config;
using Serverless.Core.Jsonata;
using Serverless.Core.Pagination;
using Serverless.Core.Errors;

namespace Serverless.Core.Proxy;

/// <summary>
/// An integration config (already deep-merged with the environment override) compiled for the proxy:
/// every resource method prepared once, so calls never re-parse templates or options.
/// </summary>
public sealed class CompiledIntegration
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Dictionary<string, CompiledMethod>> resources;
    private readonly Lazy<CompiledActions> actions;

    private CompiledIntegration(JsonObject merged, IntegrationConfig model, Dictionary<string, Dictionary<string, CompiledMethod>> resources)
    {
        Model = model;
        this.resources = resources;
        // Compiled when first needed: most calls never run an action (refresh_token runs one from here).
        actions = new Lazy<CompiledActions>(() => CompiledActions.Compile(merged));
        SecretFields = (model.Credentials?.Values ?? []).OfType<ApiKeyCredentials>()
            .SelectMany(credentials => credentials.Config.Fields)
            .Where(field => field.Type == CredentialFieldType.Password)
            .Select(field => field.Name)
            .ToHashSet(StringComparer.Ordinal);
        SecretLiterals = [.. IntegrationConfigSecrets.FindLiteralSecrets(merged).Select(secret => secret.Value)];
        SecretVariables = IntegrationConfigSecrets.SecretVariables(merged);
    }

    public IntegrationConfig Model { get; }

    /// <summary>This config's actions, ready to run.</summary>
    /// <exception cref="ApiException">As <see cref="CompiledActions.Compile"/>.</exception>
    public CompiledActions Actions => actions.Value;

    /// <summary>The account context fields the credential definitions declare as passwords.</summary>
    public IReadOnlySet<string> SecretFields { get; }

    /// <summary>The literal secrets of the config (client secret, static token or password, webhook secrets).</summary>
    public IReadOnlyList<string> SecretLiterals { get; }

    /// <summary>The environment variables a secret of the config takes its value from.</summary>
    public IReadOnlySet<string> SecretVariables { get; }

    public bool HasResource(string resource) => resources.ContainsKey(resource);

    public CompiledMethod? Find(string resource, string method) =>
        resources.TryGetValue(resource, out var methods) && methods.TryGetValue(method, out var compiled) ? compiled : null;

    public bool HasCustomMethod(string resource, string method) =>
        !ProxyRoute.IsStandard(method) && Find(resource, method) is not null;

    /// <exception cref="ApiException">The config cannot be read as an integration config (400).</exception>
    public static CompiledIntegration Compile(JsonObject mergedConfig)
    {
        IntegrationConfig model;
        try
        {
            model = mergedConfig.Deserialize<IntegrationConfig>(IntegrationConfigJson.Options) ?? new IntegrationConfig();
        }
        catch (JsonException exception)
        {
            throw new ApiException(400, $"the integration config is invalid at {exception.Path ?? "$"}: {exception.Message}");
        }

        // The config model folds integration-level settings into each method and parses its templates;
        // the proxy adds what it needs to run them (paginator, authorization, expressions).
        var config = CompiledIntegrationConfig.Compile(new ParsedIntegrationConfig(mergedConfig, model));
        var resources = new Dictionary<string, Dictionary<string, CompiledMethod>>(StringComparer.Ordinal);
        foreach (var (resource, methods) in model.Resources)
        {
            var compiled = new Dictionary<string, CompiledMethod>(StringComparer.Ordinal);
            foreach (var name in methods.Keys)
            {
                if (config.TryGetMethod(resource, name, out var method)) compiled[name] = CompileMethod(model, method);
            }
            resources[resource] = compiled;
        }
        return new CompiledIntegration(mergedConfig, model, resources);
    }

    private static CompiledMethod CompileMethod(IntegrationConfig model, CompiledResourceMethod method)
    {
        var unsupported = new List<string>();
        IPaginator? paginator = null;
        if (method.Name == "list")
        {
            try
            {
                paginator = PaginatorFactory.Create(method.Pagination);
            }
            catch (Exception exception) when (exception is NotSupportedException or JsonataException)
            {
                unsupported.Add($"the pagination cannot be compiled: {exception.Message}");
            }
        }
        var responses = ResponseExpressions.None;
        try
        {
            responses = ResponseExpressions.Compile(method.ErrorExpression, method.RateLimit);
        }
        catch (JsonataException exception)
        {
            unsupported.Add($"an error_expression or rate_limit expression does not compile: {exception.Message}");
        }

        var authorizations = new Dictionary<string, RequestAuthorization?>(StringComparer.Ordinal);
        if (!method.Config.NoAuth)
        {
            foreach (var format in (model.Credentials?.Keys ?? []).Append(""))
            {
                try
                {
                    authorizations[format] = RequestAuthorization.Compile(method.Authorization, format.Length == 0 ? model.Credentials?.Values.FirstOrDefault()?.Format : format);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonataException)
                {
                    unsupported.Add($"the authorization cannot be compiled: {exception.Message}");
                    break;
                }
            }
        }

        return new CompiledMethod
        {
            Resource = method.Resource,
            Name = method.Name,
            HttpMethod = HttpMethod.Parse(method.Method.ToString()),
            Source = method,
            Paginator = paginator,
            NoAuth = method.Config.NoAuth,
            Authorizations = authorizations,
            Responses = responses,
            Timeout = model.TimeoutMs is { } ms and > 0 ? TimeSpan.FromMilliseconds(ms) : DefaultTimeout,
            Unsupported = unsupported.Count == 0 ? null : string.Join("; ", unsupported),
        };
    }
}
