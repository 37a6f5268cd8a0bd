using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Integrations;
using Serverless.Core.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Platform;
using Serverless.Core.SyncJobs.Running;
using Serverless.Core.Templating;

namespace Serverless.Core.SyncJobs;

/// <summary>
/// Checks a sync job against its integration before it is stored, reporting every problem with its JSON path: the
/// integration exists; each resource and method exists in its config (with this environment's override when it is
/// installed); names are unique; <c>depends_on</c> names an earlier resource (so there are no cycles); placeholders
/// parse and read only known roots (<c>args</c> declared by <c>args_schema</c>, <c>resources</c> of an ancestor);
/// <c>loop_on</c> compiles as JSONata; <c>args_schema</c> is in the supported subset.
/// </summary>
public sealed class SyncJobValidator(
    IntegrationRepository integrations, EnvironmentIntegrationRepository installs, IntegrationConfigReader reader, IJsonataSyntaxChecker jsonata)
{
    /// <summary>Every problem of the job's resources and <c>args_schema</c> against the integration's config in the environment; empty when the job is valid.</summary>
    public async Task<IReadOnlyList<ValidationError>> ValidateAsync(
        Guid environmentId, string integrationName, IReadOnlyList<SyncJobResource> resources, JsonObject? argsSchema, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var integration = (await integrations.FindByNameAsync(integrationName, cancellationToken))?.Value;
        CompiledIntegration? config = null;
        if (integration is null)
        {
            errors.Add(new("$.integration_name", $"no integration named '{integrationName}'"));
        }
        else
        {
            var install = (await installs.FindByIntegrationAsync(environmentId, integration.Id, cancellationToken))?.Value;
            var merged = (JsonObject)JsonDeepMerge.Merge(integration.Config, install?.Override ?? [])!;
            if (reader.Read(merged) is { Config: { } model }) config = CompiledIntegration.Compile(model, merged);
            else errors.Add(new("$.integration_name", $"the config of integration '{integrationName}' merged with this environment's override is invalid"));
        }

        if (argsSchema is not null)
        {
            errors.AddRange(ArgsSchema.Check(argsSchema, "$.args_schema"));
        }
        var declaredArgs = errors.Any(e => e.Path.StartsWith("$.args_schema", StringComparison.Ordinal)) ? null : ArgsSchema.DeclaredProperties(argsSchema);

        if (resources.Count == 0)
        {
            errors.Add(new("$.resources", "list at least one resource"));
        }
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var path = JsonPath.Index("$.resources", i);
            if (string.IsNullOrWhiteSpace(resource.Resource))
            {
                errors.Add(new(JsonPath.Property(path, "resource"), "must not be empty"));
                continue;
            }
            if (!positions.TryAdd(resource.Resource, i))
            {
                errors.Add(new(JsonPath.Property(path, "resource"), $"'{resource.Resource}' is listed already at $.resources[{positions[resource.Resource]}]"));
            }
            if (config is not null && SyncVendorSource.MissingMethod(config, resource.Resource, resource.Method) is { } missing)
            {
                errors.Add(new(JsonPath.Property(path, resource.Method == SyncJobResource.ListMethod ? "resource" : "method"), missing));
            }
            CheckDependsOn(resources, i, positions, path, errors);
            var ancestors = Ancestors(resources, i);
            var loops = ancestors.Append(resource).Any(r => r.LoopOn is not null);
            CheckTemplate(resource.Query, JsonPath.Property(path, "query"), ancestors, loops, declaredArgs, errors);
            if (resource.Id is not null)
            {
                CheckTemplate(JsonValue.Create(resource.Id), JsonPath.Property(path, "id"), ancestors, loops, declaredArgs, errors);
            }
            if (resource.LoopOn is not null && jsonata.Check(SyncJobScope.LoopExpression(resource.LoopOn)) is { } syntax)
            {
                errors.Add(new(JsonPath.Property(path, "loop_on"), $"JSONata syntax error {syntax.Code}: {syntax.Message}"));
            }
            if (!resource.Persist && !resources.Skip(i + 1).Any(r => r.DependsOn == resource.Resource))
            {
                errors.Add(new(JsonPath.Property(path, "persist"), "false sends none of its records, and no later resource depends on it"));
            }
        }
        return errors;
    }

    /// <summary>The <c>depends_on</c> chain of resource <paramref name="index"/>, outermost first (only valid, earlier names).</summary>
    public static IReadOnlyList<SyncJobResource> Ancestors(IReadOnlyList<SyncJobResource> resources, int index)
    {
        var chain = new List<SyncJobResource>();
        var current = resources[index];
        var limit = index;
        while (current.DependsOn is { } parent)
        {
            var at = -1;
            for (var i = 0; i < limit; i++)
            {
                if (resources[i].Resource == parent) at = i;
            }
            if (at < 0) break;
            current = resources[at];
            limit = at;
            chain.Insert(0, current);
        }
        return chain;
    }

    private static void CheckDependsOn(IReadOnlyList<SyncJobResource> resources, int index, Dictionary<string, int> earlier, string path, List<ValidationError> errors)
    {
        if (resources[index].DependsOn is not { } parent)
        {
            return;
        }
        var at = JsonPath.Property(path, "depends_on");
        if (parent == resources[index].Resource)
        {
            errors.Add(new(at, "a resource cannot depend on itself"));
        }
        else if (earlier.TryGetValue(parent, out var position) && position < index)
        {
            return;
        }
        else if (resources.Skip(index + 1).FirstOrDefault(r => r.Resource == parent) is { } later)
        {
            // Following the later resource's own depends_on back here is a cycle; otherwise it is only out of order.
            var chain = new List<string> { resources[index].Resource, parent };
            var next = later.DependsOn;
            while (next is not null && !chain.Contains(next) && resources.FirstOrDefault(r => r.Resource == next) is { } step)
            {
                chain.Add(next);
                next = step.DependsOn;
            }
            errors.Add(new(at, next == resources[index].Resource
                ? $"depends_on forms a cycle: {string.Join(" → ", chain)} → {next}"
                : $"'{parent}' is listed after this resource; a resource can depend only on an earlier one"));
        }
        else
        {
            errors.Add(new(at, $"'{parent}' is not a resource of this sync job"));
        }
    }

    private static void CheckTemplate(
        JsonNode? template, string path, IReadOnlyList<SyncJobResource> ancestors, bool loops, IReadOnlySet<string>? declaredArgs, List<ValidationError> errors)
    {
        foreach (var problem in JsonTemplate.Check(template, path))
        {
            errors.Add(new(problem.Path, problem.Message));
        }
        foreach (var (at, text) in Strings(template, path))
        {
            if (!PlaceholderTemplate.MayContainPlaceholders(text) || !PlaceholderTemplate.TryParse(text, out var parsed, out _))
            {
                continue;
            }
            foreach (var part in parsed.Placeholders.SelectMany(p => p.Parts))
            {
                if (RootProblem(part.Segments, ancestors, loops, declaredArgs) is { } problem)
                {
                    errors.Add(new(at, $"{{{{{part.Path}}}}} {problem}"));
                }
            }
        }
    }

    private static string? RootProblem(IReadOnlyList<string> segments, IReadOnlyList<SyncJobResource> ancestors, bool loops, IReadOnlySet<string>? declaredArgs)
    {
        switch (segments[0])
        {
            case SyncJobScope.Args:
                return segments.Count > 1 && declaredArgs is not null && !declaredArgs.Contains(segments[1])
                    ? $"reads argument '{segments[1]}', which args_schema does not declare"
                    : null;
            case SyncJobScope.PreviousRunDate:
                return null;
            case SyncJobScope.Loop:
                return loops ? null : "reads loop, but neither this resource nor an ancestor has loop_on";
            case SyncJobScope.Resources:
                if (ancestors.Any(a => SyncJobScope.ResourcePath(a.Resource) is var name && segments.Count > name.Count && segments.Skip(1).Take(name.Count).SequenceEqual(name)))
                {
                    return null;
                }
                return ancestors.Count == 0
                    ? "reads resources, but this resource has no depends_on"
                    : $"names no depends_on ancestor of this resource (ancestors: {string.Join(", ", ancestors.Select(a => a.Resource))})";
            default:
                return $"reads '{segments[0]}', which sync jobs do not provide (expected {string.Join(", ", SyncJobScope.Roots)})";
        }
    }

    private static IEnumerable<(string Path, string Text)> Strings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var item in Strings(child, JsonPath.Property(path, key))) yield return item;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Strings(array[i], JsonPath.Index(path, i))) yield return item;
                }
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }
}
