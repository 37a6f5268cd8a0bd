namespace Serverless.Core.Proxy;

/// <summary>
/// Records what vendor calls learn about an account's credentials (SPEC §2.5, §3): a refused refresh
/// sets <c>needs_reauth</c> and emits <c>integrated_account:authentication_error</c>; a later call that
/// is not refused moves it back to <c>active</c> and emits <c>integrated_account:reactivated</c>.
/// </summary>
public interface IAccountAuthState
{
    /// <summary>Marks the account <c>needs_reauth</c> for <paramref name="reason"/> and emits <c>integrated_account:authentication_error</c>.</summary>
    Task NeedsReauthAsync(Guid integratedAccountId, string reason, CancellationToken cancellationToken);

    /// <summary>Moves a <c>needs_reauth</c> account back to <c>active</c> and emits <c>integrated_account:reactivated</c>.</summary>
    Task ReactivatedAsync(Guid integratedAccountId, CancellationToken cancellationToken);
}
