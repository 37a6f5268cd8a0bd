namespace Serverless.Functions.Hosting;

public static class PlatformStorageRegistration
{
    /// <summary>
    /// Registers the storage backend chosen by <c>STORAGE</c> (embedded by default).
    /// </summary>
    /// <exception cref="PlatformConfigurationException">A storage setting is missing or malformed.</exception>
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.FromConfiguration(configuration);
        services.AddSingleton(settings);
        return services;
    }
}
