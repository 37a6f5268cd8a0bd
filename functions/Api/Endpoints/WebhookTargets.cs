using Serverless.Core.Events;
using Serverless.Core.Http;
using Serverless.Core.Json;

namespace Serverless.Functions.Api.Endpoints;

/// <summary>
/// Checks on webhook subscriptions: the target is an absolute http(s) URL that the outbound guard would
/// call (SPEC §11; the same <see cref="OutboundTargetGuard"/> decides again at delivery, on the address
/// connected to, since DNS can change after this check); event types are known.
/// </summary>
internal static class WebhookTargets
{
    public static async Task<IReadOnlyList<ValidationError>> CheckAsync(string? targetUrl, IReadOnlyList<string>? eventTypes, OutboundTargetGuard guard, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        if (targetUrl is not null)
        {
            if (!Uri.TryCreate(targetUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(new ValidationError("$.target_url", "expected an absolute http or https URL"));
            }
            else if (await guard.CheckAsync(uri, ct) is { } refused)
            {
                errors.Add(new ValidationError("$.target_url", refused));
            }
        }

        for (var i = 0; i < (eventTypes?.Count ?? 0); i++)
        {
            if (!EventTypes.IsKnown(eventTypes![i]))
            {
                errors.Add(new ValidationError($"$.event_types[{i}]", $"unknown event type '{eventTypes[i]}'"));
            }
        }

        return errors;
    }
}
