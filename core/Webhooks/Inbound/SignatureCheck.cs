namespace Serverless.Core.Webhooks.Inbound;

/// <summary>The outcome of checking an inbound webhook's signature; <see cref="Problem"/> says why it failed (never the secret or the signature).</summary>
public readonly record struct SignatureCheck(bool IsValid, string? Problem)
{
    /// <summary>The signature matched.</summary>
    public static SignatureCheck Valid => new(true, null);

    /// <summary>The signature did not match, because of <paramref name="problem"/>.</summary>
    public static SignatureCheck Invalid(string problem) => new(false, problem);
}
