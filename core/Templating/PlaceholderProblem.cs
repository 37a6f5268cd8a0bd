namespace Serverless.Core.Templating;

/// <summary>A configuration error in a template, at a character offset of the template text.</summary>
public sealed record PlaceholderProblem(int Position, string Message);
