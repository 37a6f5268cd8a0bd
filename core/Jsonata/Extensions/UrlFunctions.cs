using System.Text;
using Serverless.Core.Jsonata.Functions;
using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary><c>$parseUrl</c>, <c>$parseQuery</c>, <c>$stringifyQuery</c>.</summary>
internal static class UrlFunctions
{
    public static void Register(JsonataFunctionRegistry registry)
    {
        registry.Register("parseUrl", "<s-:o>", (_, a) => a[0] is string s ? ParseUrl(s) : null);
        registry.Register("parseQuery", "<s-:o>", (_, a) => a[0] is string s ? ParseQuery(s) : null);
        registry.Register("stringifyQuery", "<o-:s>", (_, a) => a[0] is JsonataObject o ? StringifyQuery(o) : null);
    }

    /// <summary>The WHATWG URL parts (as in <c>new URL(s)</c>) plus <c>query</c>, the parsed search; undefined for a relative or malformed URL.</summary>
    private static JsonataObject? ParseUrl(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.IsFile || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }
        var protocol = uri.Scheme + ":";
        var port = uri.IsDefaultPort ? "" : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var host = port.Length == 0 ? uri.Host : uri.Host + ":" + port;
        var userInfo = uri.UserInfo.Split(':', 2);
        var search = uri.Query.Length > 1 ? uri.Query : "";
        return new JsonataObject(12)
        {
            ["href"] = uri.AbsoluteUri,
            ["protocol"] = protocol,
            ["username"] = userInfo[0],
            ["password"] = userInfo.Length > 1 ? userInfo[1] : "",
            ["host"] = host,
            ["hostname"] = uri.Host,
            ["port"] = port,
            ["origin"] = protocol + "//" + host,
            ["pathname"] = uri.AbsolutePath,
            ["search"] = search,
            ["hash"] = uri.Fragment.Length > 1 ? uri.Fragment : "",
            ["query"] = ParseQuery(search),
        };
    }

    /// <summary>Like Node's <c>querystring.parse</c>: '+' is a space, repeated keys collect into an array, a bare key is "".</summary>
    private static JsonataObject ParseQuery(string text)
    {
        var result = new JsonataObject();
        var query = text.StartsWith('?') ? text.AsSpan(1) : text.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty) continue;
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!result.TryGetValue(key, out var existing))
            {
                result[key] = value;
            }
            else if (existing is JsonataArray values)
            {
                values.Add(value);
            }
            else
            {
                result[key] = new JsonataArray { existing, value };
            }
        }
        return result;
    }

    private static string Decode(ReadOnlySpan<char> component)
    {
        var text = component.ToString().Replace('+', ' ');
        try
        {
            return UrlCodec.Decode(text, component: true);
        }
        catch (JsonataException)
        {
            // A stray '%' is kept literally, as browsers and Node do.
            return text;
        }
    }

    /// <summary>
    /// <c>key=value</c> pairs joined by '&amp;' with component encoding: arrays repeat the key, nested objects
    /// use brackets (<c>f[x]=1</c>), null gives <c>key=</c>; undefined members are skipped.
    /// </summary>
    private static string StringifyQuery(JsonataObject source)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in source)
        {
            Append(text, key, value);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, string key, object? value)
    {
        switch (value)
        {
            case null or JsonataFunction:
                return;
            case JsonataArray items:
                foreach (var item in items) Append(text, key, item);
                return;
            case JsonataObject members:
                foreach (var (name, member) in members) Append(text, key + "[" + name + "]", member);
                return;
        }
        if (text.Length > 0) text.Append('&');
        text.Append(UrlCodec.Encode(key, component: true)).Append('=');
        if (value is not JsonataNull) text.Append(UrlCodec.Encode(ExtensionValues.KeyText(value), component: true));
    }
}
