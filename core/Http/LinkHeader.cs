namespace Serverless.Core.Http;

/// <summary>Reads RFC 8288 <c>Link</c> headers.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the first link with this relation type, exactly as written; <c>null</c> when none.</summary>
    public static string? Find(IEnumerable<string> headerValues, string relation)
    {
        foreach (var value in headerValues)
        {
            var position = 0;
            while (position < value.Length)
            {
                var open = value.IndexOf('<', position);
                if (open < 0) break;
                var close = value.IndexOf('>', open + 1);
                if (close < 0) break;
                var target = value[(open + 1)..close];
                // Parameters run to the next link, which starts at a '<' outside quotes.
                var end = NextLinkStart(value, close + 1);
                if (HasRelation(value.AsSpan(close + 1, end - close - 1), relation)) return target;
                position = end;
            }
        }
        return null;
    }

    private static int NextLinkStart(string value, int from)
    {
        var quoted = false;
        for (var i = from; i < value.Length; i++)
        {
            if (value[i] == '"') quoted = !quoted;
            else if (value[i] == '<' && !quoted) return i;
        }
        return value.Length;
    }

    private static bool HasRelation(ReadOnlySpan<char> parameters, string relation)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (!parameter.StartsWith("rel", StringComparison.OrdinalIgnoreCase)) continue;
            var equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
            var relations = parameter[(equals + 1)..].Trim().Trim('"').TrimEnd(',').Trim('"');
            foreach (var relationRange in relations.Split(' '))
            {
                if (relations[relationRange].Equals(relation, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }
}
