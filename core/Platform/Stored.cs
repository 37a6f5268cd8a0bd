namespace Serverless.Core.Platform;

/// <summary>A record with the ETag of the document it was read from, for a conditional write back.</summary>
public sealed record Stored<T>(T Value, string ETag);
