using System.Text.Json.Nodes;

namespace Serverless.Core.SyncJobs.Runs;

/// <summary>What starting a run needs (the API's <c>POST /sync-job-run</c> body; a workflow step's evaluated config).</summary>
/// <param name="ErrorHandling"><c>fail_fast</c> or <c>ignore</c> (default, as Truto's).</param>
public sealed record SyncRunRequest(
    Guid SyncJobId, Guid IntegratedAccountId, Guid WebhookId, JsonObject? Args = null, string? ErrorHandling = null, bool IgnorePreviousRun = false);

/// <summary>Why a run cannot be created or changed: <see cref="Kind"/> tells the API's status, <see cref="Errors"/> the paths.</summary>
public sealed class SyncRunRejectedException(SyncRunRejection kind, IReadOnlyList<Json.ValidationError> errors)
    : Exception(string.Join("; ", errors.Select(error => error.ToString())))
{
    /// <summary>The kind of rejection, which decides the API's status.</summary>
    public SyncRunRejection Kind { get; } = kind;

    /// <summary>Every problem, with its JSON path.</summary>
    public IReadOnlyList<Json.ValidationError> Errors { get; } = errors;
}

/// <summary>The kinds of <see cref="SyncRunRejectedException"/>.</summary>
public enum SyncRunRejection
{
    /// <summary>The request is malformed or breaks a rule (400).</summary>
    Invalid,

    /// <summary>A referenced object does not exist in the environment (404).</summary>
    NotFound,

    /// <summary>The objects are in a state that does not allow it (409).</summary>
    Conflict,
}
