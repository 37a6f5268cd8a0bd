namespace Serverless.Core.Templating;

/// <summary>The cast a placeholder part applies to its value (<c>{{path:type}}</c>).</summary>
public enum PlaceholderType
{
    /// <summary>The default: strings stay, numbers and booleans become their text, objects and arrays JSON.</summary>
    Str,

    /// <summary>Integer; a value that does not parse is kept as it is.</summary>
    Int,

    /// <summary>Number; a value that does not parse is kept as it is.</summary>
    Num,

    /// <summary><c>'true'</c>/<c>'false'</c> become booleans; other values are kept.</summary>
    Bool,

    /// <summary>A string is parsed as JSON (kept when it does not parse); other values are kept.</summary>
    Json,

    /// <summary>The value as is; when every part is undefined the result is <c>null</c>.</summary>
    Null,

    /// <summary>The value as is.</summary>
    Any,
}
