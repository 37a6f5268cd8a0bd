namespace Serverless.Core.Platform;

/// <summary>
/// A record that belongs to one environment and lives in its environment's partition
/// (<see cref="EnvironmentScopedRepository{TRecord}"/>).
/// </summary>
/// <typeparam name="TRecord">The record type itself.</typeparam>
public interface IEnvironmentRecord<out TRecord>
{
    /// <summary>The record's id (a UUIDv7, so listings come in creation order).</summary>
    Guid Id { get; }

    /// <summary>The environment the record belongs to: its partition.</summary>
    Guid EnvironmentId { get; }

    /// <summary>A copy of the record with <c>updated_at</c> set to <paramref name="updatedAt"/>.</summary>
    TRecord WithUpdatedAt(DateTimeOffset updatedAt);
}
