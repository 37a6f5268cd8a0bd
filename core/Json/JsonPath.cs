namespace Serverless.Core.Json;

/// <summary>Builds the <c>$.a.b[2]['x-y']</c> paths used in every validation message.</summary>
public static class JsonPath
{
    /// <summary>The path of the document itself.</summary>
    public const string Root = "$";

    /// <summary>The path of property <paramref name="name"/> of <paramref name="parent"/>: <c>.name</c>, or <c>['name']</c> when it is not a simple identifier.</summary>
    public static string Property(string parent, string name) =>
        IsSimpleName(name) ? string.Concat(parent, ".", name) : string.Concat(parent, "['", name.Replace("'", "\\'", StringComparison.Ordinal), "']");

    /// <summary>The path of item <paramref name="index"/> of <paramref name="parent"/>.</summary>
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
