using DurableTask.AzureStorage;
using Serverless.Functions.Storage.Azure;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// DTFx's Azure Storage provider (the one Durable Functions uses in Azure) on the platform's Azure storage
/// settings, tuned for a local server: messages of a crashed process reappear within seconds, and idle queues
/// are polled every second instead of every 30.
/// </summary>
internal static class AzureStorageBackend
{
    public static AzureStorageOrchestrationService Create(AzureStorageSettings storage, string hubName, DurableTaskEngineOptions options, ILoggerFactory loggerFactory)
    {
        var accounts = storage.ConnectionString is { } connectionString
            ? new StorageAccountClientProvider(connectionString)
            : new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!,
                AzureStorageOptions.CreateCredential(storage.ManagedIdentityClientId));
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hubName,
            StorageAccountClientProvider = accounts,
            WorkItemQueueVisibilityTimeout = options.AzureVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.AzureVisibilityTimeout,
            MaxQueuePollingInterval = options.AzureMaxPollingInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        });
    }
}
