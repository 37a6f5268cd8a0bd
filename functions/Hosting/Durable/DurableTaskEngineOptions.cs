namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// Tuning of the standalone Durable Task engine (defaults suit one server process). Set in code with
/// <c>services.Configure&lt;DurableTaskEngineOptions&gt;(...)</c> after <c>AddDurableTaskEngine</c>, or with the settings
/// <c>DurableTaskEngine__&lt;option&gt;</c> (a <c>TimeSpan</c> as <c>hh:mm:ss</c>).
/// </summary>
internal sealed record DurableTaskEngineOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "DurableTaskEngine";

    /// <summary>The database file name of the SQLite backend, inside <c>DATA_DIR</c>.</summary>
    public const string DatabaseFileName = "durable.db";

    /// <summary>SQLite: how long a lock outlives its last renewal (a live process renews every third of it).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SQLite: how often an idle engine looks for work written by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Azure Storage: how long a received message stays hidden; after a crash, the interrupted work resumes this
    /// long after it was received (DTFx's default is 5 minutes).
    /// </summary>
    public TimeSpan AzureVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Azure Storage: the longest pause between polls of an idle queue (DTFx's default is 30 s).</summary>
    public TimeSpan AzureMaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxConcurrentOrchestrations { get; set; } = 100;

    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>How long the sidecar waits for open calls when the server stops.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the server waits, after the sidecar, for the backend to stop and hand back its leases and locks; past
    /// it, shutdown goes on without it (they expire by themselves).
    /// </summary>
    public TimeSpan BackendStopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the engine waits before starting its backend again after a failed start (the sidecar starts it once the
    /// worker connects); the wait doubles after each failure, up to <see cref="BackendStartMaxRetryDelay"/>.
    /// </summary>
    public TimeSpan BackendStartRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts to start the backend.</summary>
    public TimeSpan BackendStartMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
