using System.Text.Json.Nodes;
using Serverless.Core.Platform;

namespace Serverless.Core.SyncJobs;

/// <summary>
/// A sync job (SPEC §7): which resources of an integration to page through, in order, for any account of that
/// integration in its environment. <see cref="ArgsSchema"/> is the JSON Schema subset a run's <c>args</c> must follow.
/// </summary>
public sealed record SyncJobRecord(
    Guid Id, Guid EnvironmentId, string IntegrationName, IReadOnlyList<SyncJobResource> Resources, JsonObject? ArgsSchema,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IEnvironmentRecord<SyncJobRecord>
{
    SyncJobRecord IEnvironmentRecord<SyncJobRecord>.WithUpdatedAt(DateTimeOffset updatedAt) => this with { UpdatedAt = updatedAt };
}

/// <summary>
/// One resource of a sync job. <see cref="Query"/> and <see cref="Id"/> are templates over <c>args</c>,
/// <c>previous_run_date</c> and <c>resources.&lt;ancestor&gt;</c>; <see cref="DependsOn"/> names an earlier resource
/// whose every record starts one walk of this one; <see cref="LoopOn"/> repeats the walk for each item of an array;
/// <see cref="Persist"/> false fetches the resource only as a parent, without sending its records.
/// </summary>
public sealed record SyncJobResource(
    string Resource, string Method = SyncJobResource.ListMethod, JsonObject? Query = null, string? Id = null,
    string? DependsOn = null, string? LoopOn = null, bool Persist = true)
{
    /// <summary>The method a resource is synced with unless it names another.</summary>
    public const string ListMethod = "list";
}
