namespace Serverless.Core.Json;

/// <summary>One problem of a document: where (<c>$.resources.users.list.path</c>) and what.</summary>
public sealed record ValidationError(string Path, string Message)
{
    /// <summary><c>path: message</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
