namespace Serverless.Core.Json;

/// <summary>Builds the <c>$.a.b[2]['x-y']</c> paths used in every validation message.</summary>
public static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        IsSimpleName(name) ? string.Concat(parent, ".", name) : string.Concat(parent, "['", name.Replace("'", "\\'", StringComparison.Ordinal), "']");

    public static string Index(string parent, int index) => string.Concat(parent, "[", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");

    private static bool IsSimpleName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '$')
            {
                return false;
            }
        }

        return true;
    }
}
