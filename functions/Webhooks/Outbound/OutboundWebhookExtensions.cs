using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Core.Events;
using Serverless.Core.Http;
using Serverless.Core.Triggers;
using Serverless.Core.Webhooks.Outbound;
using Serverless.Functions.Api.Auth;
using Serverless.Functions.Api.OpenApi;

namespace Serverless.Functions.Webhooks.Outbound;

/// <summary>Registration of the event outbox and outbound webhook delivery: <c>AddOutboundWebhooks</c>, <c>MapOutboundWebhooks</c>.</summary>
internal static class OutboundWebhookExtensions
{
    /// <summary>
    /// Makes <see cref="EventOutbox"/> (over the <see cref="StoredEventLog"/>) the platform's one <see cref="IEventPublisher"/>
    /// and registers the fan-out, delivery and sweep functions. Needs hosting (storage, trigger seam) and the API's repositories.
    /// </summary>
    public static IServiceCollection AddOutboundWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoredEventLog>();
        services.TryAddSingleton<EventOutbox>();
        services.TryAddSingleton<IEventPublisher>(provider => provider.GetRequiredService<EventOutbox>());
        services.TryAddSingleton(new WebhookDeliveryOptions());
        services.TryAddSingleton<WebhookDeliveryStore>();
        services.TryAddSingleton<WebhookDispatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventSubscriber, WebhookDispatcher>(provider => provider.GetRequiredService<WebhookDispatcher>()));
        // Its own pooled client (delivery timeouts differ from the vendors'), behind the hosting layer's guard.
        services.TryAddSingleton(provider => new WebhookHttpClient(provider.GetRequiredService<OutboundTargetGuard>().CreateClient()));
        services.TryAddSingleton<WebhookSender>();
        services.AddQueueTriggerHandler<EventFanOutHandler>();
        services.AddQueueTriggerHandler<WebhookDeliveryHandler>();
        services.AddTimerTriggerHandler<EventOutboxSweeper>();
        return services;
    }

    /// <summary>Maps the deliveries endpoints and <c>POST /webhook/test</c> behind the API's bearer-token auth (after <c>MapPlatformApi</c>).</summary>
    public static IEndpointRouteBuilder MapOutboundWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhook").RequireApiToken().AllowEnvironmentScope().WithTags("webhook")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        WebhookDeliveryEndpoints.Map(group);
        return app;
    }
}
