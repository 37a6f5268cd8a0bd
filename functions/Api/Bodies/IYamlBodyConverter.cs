using System.Text.Json.Nodes;

namespace Serverless.Functions.Api.Bodies;

/// <summary>Reads a YAML request body into the same JSON tree a JSON body gives.</summary>
public interface IYamlBodyConverter
{
    /// <exception cref="FormatException">The YAML is malformed; the message says where.</exception>
    JsonNode? Convert(string yaml);
}
