namespace Serverless.Core.Storage.Embedded;

/// <summary>Settings of the embedded (SQLite) storage backend.</summary>
public sealed record EmbeddedStorageOptions
{
    /// <summary>The directory holding the database and the generated secrets key (the app passes <c>DATA_DIR</c>).</summary>
    public string DataDirectory { get; set; } = "./.data";

    /// <summary>
    /// The 256-bit secrets key, base64 (the app passes <c>SECRETS_KEY</c>). When absent, a key file is created under
    /// <see cref="DataDirectory"/> on first run, readable by the owner only, and reused afterwards.
    /// </summary>
    public string? SecretsKey { get; set; }

    /// <summary>Settings of the work queue.</summary>
    public WorkQueueOptions Queue { get; set; } = new();

    /// <summary>When queue bodies are moved to blobs.</summary>
    public LargeMessageOptions LargeMessages { get; set; } = new();

    /// <summary>How durably SQLite commits; see <see cref="SqliteSynchronousMode"/>.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a statement waits for another connection's write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The database file's name inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "storage.db";

    /// <summary>The generated key file's name inside <see cref="DataDirectory"/>.</summary>
    public const string SecretsKeyFileName = "secrets.key";
}
