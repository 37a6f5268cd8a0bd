using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Actions;
using Serverless.Core.Events;
using Serverless.Core.Platform;
using Serverless.Core.Proxy;
using Serverless.Functions.Api;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Hosting;
using Serverless.Functions.Proxy;
using Serverless.Functions.Webhooks.Inbound;
using Serverless.Functions.Webhooks.Outbound;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>Each service is registered once, by the part that owns it: the parts of <c>AddPlatform</c> give the same platform in any order.</summary>
public sealed class PlatformRegistrationTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [PlatformSettings.DataDirectory] = Path.GetTempPath() })
        .Build();

    private static readonly (string Name, Action<IServiceCollection> Add)[] Parts =
    [
        ("api", services => services.AddPlatformApi(Configuration)),
        ("proxy", services => services.AddProxyApi()),
        ("inbound webhooks", services => services.AddInboundWebhooks()),
        ("outbound webhooks", services => services.AddOutboundWebhooks()),
    ];

    public static TheoryData<string> Orders => new() { "0123", "3210", "1302", "2031" };

    [Theory]
    [MemberData(nameof(Orders))]
    public void The_parts_give_the_same_services_in_any_order(string order)
    {
        var services = new ServiceCollection().AddLogging().AddPlatformHosting(Configuration, HostingMode.Standalone);
        foreach (var index in order)
        {
            Parts[index - '0'].Add(services);
        }

        using var provider = services.BuildServiceProvider();
        Assert.IsType<EventOutbox>(provider.GetRequiredService<IEventPublisher>());
        Assert.IsType<ActionLifecycle>(provider.GetRequiredService<IIntegratedAccountLifecycle>());
        Assert.IsType<RefreshTokenAction>(provider.GetRequiredService<IRefreshTokenAction>());
        Assert.NotNull(provider.GetRequiredService<FailedAuthenticationLimiter>());
    }

    [Fact]
    public void No_platform_service_is_registered_twice()
    {
        var services = new ServiceCollection().AddPlatform(Configuration, HostingMode.Standalone);
        // Services many implement on purpose: event subscribers, trigger handlers, hosted services.
        var twice = services
            .Where(descriptor => descriptor.ServiceType.Namespace?.StartsWith("Serverless.", StringComparison.Ordinal) == true)
            .GroupBy(descriptor => descriptor.ServiceType)
            .Where(group => group.Count() > 1 && !group.Key.Name.StartsWith("IEventSubscriber", StringComparison.Ordinal) && !group.Key.Name.EndsWith("TriggerHandler", StringComparison.Ordinal))
            .Select(group => group.Key.FullName);
        Assert.Empty(twice);
    }
}
