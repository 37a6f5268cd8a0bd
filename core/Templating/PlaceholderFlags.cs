namespace Serverless.Core.Templating;

/// <summary>Modifiers that apply to the whole placeholder whichever part declares them.</summary>
[Flags]
public enum PlaceholderFlags
{
    /// <summary>No modifier.</summary>
    None = 0,

    /// <summary><c>:undefined</c>: when every part is undefined, a whole placeholder removes its key, an embedded one becomes ''.</summary>
    Undefined = 1,

    /// <summary><c>:null</c>: when every part is undefined, the result is <c>null</c>.</summary>
    Null = 2,

    /// <summary><c>:ignore-empty-str</c>: a part whose value is '' counts as undefined.</summary>
    IgnoreEmptyString = 4,
}
