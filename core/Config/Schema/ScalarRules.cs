using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Templating;

namespace Serverless.Core.Config.Schema;

/// <summary>A whole number within optional bounds.</summary>
internal sealed class IntegerRule : SchemaRule
{
    public long? Min { get; init; }

    public long? Max { get; init; }

    /// <summary>A string of digits counts too (Truto's <c>"tokenExpiryDuration": "3600"</c>).</summary>
    public bool AllowNumericString { get; init; }

    public override string Expected => AllowNumericString ? "integer or numeric string" : "integer";

    private bool TryRead(JsonNode? node, out double number)
    {
        number = 0;
        var style = System.Globalization.NumberStyles.Float;
        string text;
        if (node?.GetValueKind() == JsonValueKind.Number) text = node.ToJsonString();
        else if (AllowNumericString && node is JsonValue value && value.TryGetValue<string>(out var digits)) (text, style) = (digits, System.Globalization.NumberStyles.AllowLeadingSign);
        else return false;
        return double.TryParse(text, style, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (!TryRead(node, out var number) || number != Math.Floor(number))
        {
            AddTypeError(node, path, context);
            return;
        }

        if (number < Min)
        {
            context.Add(path, $"must be at least {Min}");
        }
        else if (number > Max)
        {
            context.Add(path, $"must be at most {Max}");
        }
    }
}

internal sealed class BooleanRule : SchemaRule
{
    public static readonly BooleanRule Instance = new();

    public override string Expected => "boolean";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (node?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            AddTypeError(node, path, context);
        }
    }
}

/// <summary>Any JSON value; with <see cref="Template"/>, every string inside is checked as a template.</summary>
internal sealed class AnyRule : SchemaRule
{
    public static readonly AnyRule Template = new() { CheckTemplates = true };

    public static readonly AnyRule Anything = new();

    public bool CheckTemplates { get; init; }

    /// <summary>Restricts the root value to an object.</summary>
    public bool ObjectOnly { get; init; }

    public override string Expected => ObjectOnly ? "object" : "any value";

    public override void Validate(JsonNode? node, string path, SchemaContext context)
    {
        if (ObjectOnly && node is not JsonObject)
        {
            AddTypeError(node, path, context);
            return;
        }

        if (CheckTemplates)
        {
            foreach (var problem in JsonTemplate.Check(node, path))
            {
                context.Add(problem.Path, problem.Message);
            }
        }
    }
}
