namespace Serverless.Core.Config;

/// <summary>Inbound webhook handling (SPEC §5).</summary>
public sealed record WebhookConfig
{
    /// <summary>How an inbound webhook's signature is checked; null accepts every request.</summary>
    public SignatureVerificationDefinition? SignatureVerification { get; init; }

    /// <summary>JSONata over the payload context returning <c>{type: verify|meta|payload, verification_response?, update_context?}</c>.</summary>
    public string? HandleVerification { get; init; }

    /// <summary>JSONata that may replace the payload context before anything else runs.</summary>
    public string? PayloadTransform { get; init; }

    /// <summary>Account context field that identifies the account on environment-integration webhooks.</summary>
    public string? ContextLookupFieldName { get; init; }

    /// <summary>Template over the payload context giving the value to look up; default <c>{{body.&lt;field name&gt;}}</c>.</summary>
    public string? ContextLookupValue { get; init; }
}
