namespace Serverless.Core.Events;

/// <summary>Every event type of the platform (SPEC §6); webhook subscriptions may name only these.</summary>
public static class EventTypes
{
    public const string IntegratedAccountCreated = "integrated_account:created";
    public const string IntegratedAccountUpdated = "integrated_account:updated";
    public const string IntegratedAccountDeleted = "integrated_account:deleted";
    public const string IntegratedAccountActive = "integrated_account:active";

    public static IReadOnlyList<string> All { get; } =
    [
        IntegratedAccountCreated, IntegratedAccountUpdated, IntegratedAccountActive, "integrated_account:reactivated",
        "integrated_account:authentication_error", "integrated_account:post_install_error", "integrated_account:validation_error",
        "integrated_account:post_connect_form_submitted", IntegratedAccountDeleted,
        "sync_job_run:created", "sync_job_run:started", "sync_job_run:record", "sync_job_run:completed",
        "sync_job_run:failed", "sync_job_run:updated", "sync_job_run:rate_limited",
        "record:created", "record:updated", "record:deleted",
        "test",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string eventType) => Known.Contains(eventType);
}
