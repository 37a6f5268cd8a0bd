using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Serverless.Core.Config;

/// <summary>Registers the integration config services.</summary>
public static class ConfigServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IntegrationConfigValidator"/> and <see cref="IntegrationConfigReader"/> as
    /// singletons. They need an <see cref="Jsonata.IJsonataSyntaxChecker"/> registered by the JSONata engine.
    /// </summary>
    public static IServiceCollection AddIntegrationConfig(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IntegrationConfigValidator>();
        services.TryAddSingleton<IntegrationConfigReader>();
        return services;
    }
}
