namespace Serverless.Core.Storage.Embedded;

/// <summary>SQLite's <c>synchronous</c> setting for the WAL-mode database.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// The WAL is flushed only at checkpoints: never corrupts, survives a process crash, but an OS crash or
    /// power loss may forget the last commits. Faster; fine for development data.
    /// </summary>
    Normal,

    /// <summary>
    /// Every commit is flushed to disk before it returns. The default, because commits acknowledge things the
    /// outside world will not resend (a webhook answered 200, a message completed after its next step was queued).
    /// </summary>
    Full,
}
