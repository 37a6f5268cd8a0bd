namespace Serverless.Core.Storage;

/// <summary>One page of a listing; <see cref="NextCursor"/> is opaque (<see cref="ListCursor"/>) and null at the end.</summary>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, string? NextCursor);
