using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Core.Storage.Embedded;

/// <summary>Registers the embedded (SQLite) storage backend.</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded backend as the singletons behind <see cref="IDocumentStore"/>, <see cref="IWorkQueue"/>
    /// (with large bodies moved to blobs), <see cref="IBlobStore"/> and <see cref="ISecretStore"/>, all on one SQLite
    /// file under <see cref="EmbeddedStorageOptions.DataDirectory"/>. The schema is created on first use.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, Action<EmbeddedStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new EmbeddedStorageOptions();
        configure?.Invoke(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(EmbeddedStorageOptions.DataDirectory));

        services.AddSingleton(options);
        services.AddSingleton(sp => new SqliteDatabase(
            Path.Combine(options.DataDirectory, EmbeddedStorageOptions.DatabaseFileName),
            options.Synchronous,
            options.BusyTimeout,
            sp.GetService<TimeProvider>(),
            Loggers(sp).CreateLogger<SqliteDatabase>()));
        services.AddSingleton(sp => new SqliteDocumentStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton(sp => new SqliteBlobStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton(sp => new SqliteWorkQueue(sp.GetRequiredService<SqliteDatabase>(), options.Queue, Loggers(sp).CreateLogger<SqliteWorkQueue>()));
        services.AddSingleton(sp => new EncryptedSecretStore(sp.GetRequiredService<SqliteDatabase>(), ResolveKey(options, Loggers(sp).CreateLogger<EncryptedSecretStore>())));

        services.AddSingleton<IDocumentStore>(sp => sp.GetRequiredService<SqliteDocumentStore>());
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<SqliteBlobStore>());
        services.AddSingleton<IWorkQueue>(sp => new BlobBackedWorkQueue(
            sp.GetRequiredService<SqliteWorkQueue>(),
            sp.GetRequiredService<IBlobStore>(),
            options.LargeMessages,
            Loggers(sp).CreateLogger<BlobBackedWorkQueue>()));
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<EncryptedSecretStore>());
        return services;
    }

    /// <summary>The configured key, else the key file in the data directory (created on first run).</summary>
    public static byte[] ResolveKey(EmbeddedStorageOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.SecretsKey)
            ? SecretsKey.LoadOrCreateFile(Path.Combine(options.DataDirectory, EmbeddedStorageOptions.SecretsKeyFileName), logger)
            : SecretsKey.FromBase64(options.SecretsKey);
    }

    private static ILoggerFactory Loggers(IServiceProvider services) => services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
