namespace Serverless.Core.Platform;

/// <summary>
/// Decides what happens to a newly imported account before it is stored: the place where the
/// <c>connecting → post_install → validation → active</c> lifecycle (SPEC §4) plugs in.
/// </summary>
public interface IIntegratedAccountLifecycle
{
    /// <summary>The status a new account is stored with.</summary>
    ValueTask<string> InitialStatusAsync(IntegratedAccountRecord account, CancellationToken cancellationToken);

    /// <summary>Runs after the new account (and its secrets) is stored; returns the account as it ends up.</summary>
    Task<IntegratedAccountRecord> ActivateAsync(IntegratedAccountRecord account, CancellationToken cancellationToken) => Task.FromResult(account);
}
