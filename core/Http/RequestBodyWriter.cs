using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Serverless.Core.Config;

namespace Serverless.Core.Http;

/// <summary>Turns a request body held as JSON into HTTP content per <c>body_format</c>.</summary>
internal static class RequestBodyWriter
{
    /// <param name="contentType">The request's own <c>Content-Type</c> header, which wins over the format's default.</param>
    public static HttpContent? Write(JsonNode? body, BodyFormat format, string? contentType)
    {
        if (body is null) return null;
        HttpContent content = format switch
        {
            BodyFormat.Form => new StringContent(Form(body), Encoding.UTF8, "application/x-www-form-urlencoded"),
            BodyFormat.Multipart => Multipart(body),
            BodyFormat.Raw => new StringContent(body is JsonValue value && value.TryGetValue<string>(out var text) ? text : body.ToJsonString(), Encoding.UTF8, "text/plain"),
            BodyFormat.Xml => new StringContent(Xml(body), Encoding.UTF8, "application/xml"),
            _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (contentType is not null && format != BodyFormat.Multipart && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            content.Headers.ContentType = parsed;
        }
        return content;
    }

    private static string Form(JsonNode body) => body is JsonObject fields
        ? QueryStringWriter.Write(fields, QueryArrayFormat.Brackets).Replace("%20", "+", StringComparison.Ordinal)
        : body.ToJsonString();

    private static MultipartFormDataContent Multipart(JsonNode body)
    {
        var content = new MultipartFormDataContent();
        if (body is not JsonObject fields) return content;
        foreach (var (name, value) in fields)
        {
            if (value is null) continue;
            content.Add(new StringContent(value is JsonValue scalar ? QueryStringWriter.Scalar(scalar) : value.ToJsonString()), name);
        }
        return content;
    }

    /// <summary>
    /// A string is sent as is (already XML); an object with a single key becomes that root element,
    /// any other object is wrapped in <c>&lt;root&gt;</c>; arrays repeat their parent element.
    /// </summary>
    private static string Xml(JsonNode body)
    {
        if (body is JsonValue value && value.TryGetValue<string>(out var text)) return text;
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            if (body is JsonObject { Count: 1 } single)
            {
                var (name, child) = single.First();
                WriteElement(writer, name, child);
            }
            else
            {
                WriteElement(writer, "root", body);
            }
        }
        return builder.ToString();
    }

    private static void WriteElement(XmlWriter writer, string name, JsonNode? node)
    {
        if (node is JsonArray items)
        {
            foreach (var item in items) WriteElement(writer, name, item);
            return;
        }
        writer.WriteStartElement(XmlConvert.EncodeLocalName(name));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj) WriteElement(writer, key, child);
                break;
            case JsonValue scalar:
                writer.WriteString(QueryStringWriter.Scalar(scalar));
                break;
        }
        writer.WriteEndElement();
    }
}
