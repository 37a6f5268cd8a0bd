using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>
/// A custom action (SPEC §9): either a single request (<see cref="Type"/> = <c>request</c> with
/// <see cref="Config"/>) or a list of <see cref="Steps"/>. Inputs and outputs apply to both.
/// </summary>
public sealed record ActionDefinition
{
    public string? Type { get; init; }

    public IReadOnlyList<ActionValueDefinition> Inputs { get; init; } = [];

    public ActionRequestConfig? Config { get; init; }

    public IReadOnlyList<ActionValueDefinition> Outputs { get; init; } = [];

    public IReadOnlyList<ActionStep>? Steps { get; init; }
}

/// <summary>An input (read from the request body at <see cref="Key"/>) or an output (read from the response at the dotted <see cref="Key"/>).</summary>
public sealed record ActionValueDefinition
{
    public string Name { get; init; } = "";

    /// <summary>Defaults to <see cref="Name"/>.</summary>
    public string? Key { get; init; }

    public ActionValueType Type { get; init; } = ActionValueType.String;

    public bool Required { get; init; }
}

/// <summary>A request of an action; <see cref="Url"/> (absolute) wins over <see cref="Path"/>.</summary>
public sealed record ActionRequestConfig
{
    public RequestMethod Method { get; init; } = RequestMethod.Get;

    public string? Path { get; init; }

    public string? Url { get; init; }

    public string? BaseUrl { get; init; }

    public JsonObject? Headers { get; init; }

    public JsonObject? Query { get; init; }

    public JsonNode? Body { get; init; }

    public BodyFormat? BodyFormat { get; init; }

    public string? ResponsePath { get; init; }
}

/// <summary>One step of a multi-step action; the previous step's result is <c>$previous</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RequestActionStep), "request")]
[JsonDerivedType(typeof(TransformActionStep), "transform")]
[JsonDerivedType(typeof(UpdateContextActionStep), "update_context")]
public abstract record ActionStep
{
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
