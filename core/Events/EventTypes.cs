namespace Serverless.Core.Events;

/// <summary>Every event type of the platform (SPEC §6); webhook subscriptions may name only these.</summary>
public static class EventTypes
{
    /// <summary>An integrated account was created.</summary>
    public const string IntegratedAccountCreated = "integrated_account:created";

    /// <summary>An integrated account changed.</summary>
    public const string IntegratedAccountUpdated = "integrated_account:updated";

    /// <summary>An integrated account was deleted.</summary>
    public const string IntegratedAccountDeleted = "integrated_account:deleted";

    /// <summary>An integrated account became active.</summary>
    public const string IntegratedAccountActive = "integrated_account:active";

    /// <summary>Every event type, grouped by subject.</summary>
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

    /// <summary>Whether <paramref name="eventType"/> is one of <see cref="All"/> (compared ordinally).</summary>
    public static bool IsKnown(string eventType) => Known.Contains(eventType);
}
