namespace Serverless.Functions.Api.Bodies;

/// <summary>
/// The media types <see cref="RequestBodyReader"/> reads, and what an endpoint declares of them: JSON everywhere (any
/// <c>+json</c> type too), YAML where the endpoint reads with <c>allowYaml</c>.
/// </summary>
internal static class BodyMediaTypes
{
    public const string Json = "application/json";

    /// <summary>The YAML types declared; <c>application/x-yaml</c> is read as well, for clients that still send it.</summary>
    public static readonly string[] Yaml = ["application/yaml", "text/yaml"];

    /// <summary>Declares a body of <typeparamref name="T"/> sent as JSON or YAML (read with <c>allowYaml: true</c>).</summary>
    public static RouteHandlerBuilder AcceptsJsonOrYaml<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.Accepts<T>(Json, Yaml);
}
