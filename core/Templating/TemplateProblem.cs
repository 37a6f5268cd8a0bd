namespace Serverless.Core.Templating;

/// <summary>A template configuration error found inside a JSON tree, with the JSON path of the string.</summary>
public sealed record TemplateProblem(string Path, string Message);
