namespace Serverless.Core.Platform;

/// <summary>The id a unique value (a name, an installed integration) stands for, as <see cref="RecordCache{TKey, TValue}"/> keeps it.</summary>
internal sealed record GuardedId(Guid Id)
{
    public static GuardedId? Of(Guid? id) => id is { } found ? new(found) : null;
}
