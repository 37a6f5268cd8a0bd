namespace Serverless.Core.Triggers;

/// <summary>One firing of a timer.</summary>
/// <param name="FiredAt">When the firing happened (UTC).</param>
/// <param name="IsPastDue">The firing is later than scheduled (the process was busy or down).</param>
/// <param name="LastFiredAt">The previous firing, when known.</param>
/// <param name="NextFiringAt">The next scheduled firing, when known.</param>
public sealed record TimerTriggerContext(
    DateTimeOffset FiredAt,
    bool IsPastDue,
    DateTimeOffset? LastFiredAt,
    DateTimeOffset? NextFiringAt);
