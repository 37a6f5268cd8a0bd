using System.Text;

namespace Serverless.Functions.Api.Bodies;

/// <summary>JSON path text as used in error messages: <c>$.a.b[0]</c>, <c>$['odd key']</c>.</summary>
internal static class JsonPaths
{
    public static string Property(string parent, string name)
    {
        var path = new StringBuilder(parent);
        AppendProperty(path, name);
        return path.ToString();
    }

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    public static void AppendProperty(StringBuilder path, string name)
    {
        if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            path.Append('.').Append(name);
        }
        else
        {
            path.Append("['").Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
        }
    }
}
