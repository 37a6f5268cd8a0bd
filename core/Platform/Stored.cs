namespace Serverless.Core.Platform;

/// <summary>A record with the ETag of the document it was read from, for a conditional write back.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>One page of a listing; <see cref="NextCursor"/> is opaque and null at the end.</summary>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, string? NextCursor);
