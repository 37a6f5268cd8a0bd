using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;
using Serverless.Core.Proxy;

namespace Serverless.Functions.Proxy;

/// <summary>Writes the proxy's findings about credentials to the account and emits the matching events.</summary>
internal sealed class AccountAuthStateStore(IntegratedAccountRepository accounts, IEventPublisher events, TimeProvider time) : IAccountAuthState
{
    public const string AuthenticationError = "integrated_account:authentication_error";
    public const string Reactivated = "integrated_account:reactivated";

    public Task NeedsReauthAsync(Guid integratedAccountId, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(integratedAccountId, ProxyAccount.NeedsReauth, AuthenticationError, reason, cancellationToken);

    public Task ReactivatedAsync(Guid integratedAccountId, CancellationToken cancellationToken) =>
        ChangeAsync(integratedAccountId, "active", Reactivated, null, cancellationToken);

    private async Task ChangeAsync(Guid accountId, string status, string eventType, string? reason, CancellationToken cancellationToken)
    {
        // Shared across callers of one account: a single write wins, the others see the new status and stop.
        var current = await accounts.FindAsync(accountId, CancellationToken.None);
        if (current is null || current.Value.Status == status) return;
        var updated = await accounts.UpdateAsync(current, current.Value with { Status = status }, new Dictionary<string, string>(), CancellationToken.None);
        await events.PublishAccountEventAsync(eventType, updated, time, cancellationToken, "reason", reason);
    }
}
