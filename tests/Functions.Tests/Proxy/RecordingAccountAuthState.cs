using System.Collections.Concurrent;
using Serverless.Core.Proxy;

namespace Serverless.Functions.Tests.Proxy;

/// <summary>Keeps the account state changes the engine reports, for assertions.</summary>
internal sealed class RecordingAccountAuthState : IAccountAuthState
{
    public ConcurrentQueue<(Guid AccountId, string Change)> Changes { get; } = new();

    public Task NeedsReauthAsync(Guid integratedAccountId, string reason, CancellationToken cancellationToken)
    {
        Changes.Enqueue((integratedAccountId, "needs_reauth"));
        return Task.CompletedTask;
    }

    public Task ReactivatedAsync(Guid integratedAccountId, CancellationToken cancellationToken)
    {
        Changes.Enqueue((integratedAccountId, "reactivated"));
        return Task.CompletedTask;
    }
}
