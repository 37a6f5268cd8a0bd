using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>
/// A custom action (SPEC §9): either a single request (<see cref="Type"/> = <c>request</c> with
/// <see cref="Config"/>) or a list of <see cref="Steps"/>. Inputs and outputs apply to both.
/// </summary>
public sealed record ActionDefinition
{
    /// <summary><c>request</c> for a single-request action; absent for a list of <see cref="Steps"/>.</summary>
    public string? Type { get; init; }

    /// <summary>Values the action reads from the caller's request body.</summary>
    public IReadOnlyList<ActionValueDefinition> Inputs { get; init; } = [];

    /// <summary>The request of a <c>request</c> action.</summary>
    public ActionRequestConfig? Config { get; init; }

    /// <summary>Values the action returns, read from its result.</summary>
    public IReadOnlyList<ActionValueDefinition> Outputs { get; init; } = [];

    /// <summary>The steps of a multi-step action, run in order.</summary>
    public IReadOnlyList<ActionStep>? Steps { get; init; }
}

/// <summary>An input (read from the request body at <see cref="Key"/>) or an output (read from the response at the dotted <see cref="Key"/>).</summary>
public sealed record ActionValueDefinition
{
    /// <summary>The name the value has in the action's inputs or outputs.</summary>
    public string Name { get; init; } = "";

    /// <summary>Defaults to <see cref="Name"/>.</summary>
    public string? Key { get; init; }

    /// <summary>The JSON type the value must have.</summary>
    public ActionValueType Type { get; init; } = ActionValueType.String;

    /// <summary>Whether the value must be present.</summary>
    public bool Required { get; init; }
}

/// <summary>A request of an action; <see cref="Url"/> (absolute) wins over <see cref="Path"/>.</summary>
public sealed record ActionRequestConfig
{
    /// <summary>The HTTP method.</summary>
    public RequestMethod Method { get; init; } = RequestMethod.Get;

    /// <summary>Path appended to the base URL; may hold placeholders.</summary>
    public string? Path { get; init; }

    /// <summary>An absolute URL, used instead of base URL and <see cref="Path"/>.</summary>
    public string? Url { get; init; }

    /// <summary>Overrides the integration's base URL.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Headers layered over the integration's.</summary>
    public JsonObject? Headers { get; init; }

    /// <summary>Query parameters layered over the integration's.</summary>
    public JsonObject? Query { get; init; }

    /// <summary>The body template.</summary>
    public JsonNode? Body { get; init; }

    /// <summary>How the body is encoded; defaults to the integration's, else JSON.</summary>
    public BodyFormat? BodyFormat { get; init; }

    /// <summary>Dotted path of the result inside the vendor's response body.</summary>
    public string? ResponsePath { get; init; }
}

/// <summary>One step of a multi-step action; the previous step's result is <c>$previous</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RequestActionStep), "request")]
[JsonDerivedType(typeof(TransformActionStep), "transform")]
[JsonDerivedType(typeof(UpdateContextActionStep), "update_context")]
public abstract record ActionStep
{
    /// <summary>Names the step, for errors and logs.</summary>
    public string? Name { get; init; }
}

internal sealed record RequestActionStep : ActionStep
{
    public ActionRequestConfig Config { get; init; } = new();
}

/// <summary>JSONata over <c>{inputs, context, $previous}</c>; its result is the step's result.</summary>
internal sealed record TransformActionStep : ActionStep
{
    public string Expression { get; init; } = "";
}

/// <summary>JSONata whose object result is deep-merged into the account context.</summary>
internal sealed record UpdateContextActionStep : ActionStep
{
    public string Expression { get; init; } = "";
}
