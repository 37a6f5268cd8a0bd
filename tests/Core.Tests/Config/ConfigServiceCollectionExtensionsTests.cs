using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Config;
using Xunit;

namespace Serverless.Core.Tests.Config;

public sealed class ConfigServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_validator_and_reader_as_singletons_once()
    {
        var services = new ServiceCollection().AddIntegrationConfig().AddIntegrationConfig();
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(IntegrationConfigValidator)).Lifetime);
        Assert.Equal(ServiceLifetime.Singleton, Assert.Single(services, d => d.ServiceType == typeof(IntegrationConfigReader)).Lifetime);
    }
}
