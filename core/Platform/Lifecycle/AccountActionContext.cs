using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Core.Actions;
using Serverless.Core.Json;
using Serverless.Core.Proxy;
using Serverless.Core.Errors;

namespace Serverless.Core.Platform.Lifecycle;

/// <summary>
/// Resolves what running an action for an account needs (its installation's compiled actions and its
/// context with secrets) and stores what <c>update_context</c> steps produced: keys that are secret
/// fields of the account go back to the secret store, the rest into the account document.
/// </summary>
public sealed class AccountActionContext(
    IntegratedAccountRepository accounts, EnvironmentIntegrationRepository installs, IntegrationRepository integrations, CompiledActionsCache cache)
{
    /// <exception cref="ApiException">404 when the installation or integration is gone; config errors as <see cref="CompiledActions.Compile"/>.</exception>
    public async Task<(CompiledActions Actions, ProxyAccount Account)> ResolveAsync(IntegratedAccountRecord account, CancellationToken cancellationToken)
    {
        var install = (await installs.GetAsync(account.EnvironmentId, account.EnvironmentIntegrationId, cancellationToken))?.Value
            ?? throw new ApiException(404, $"environment integration {account.EnvironmentIntegrationId} not found");
        var integration = (await integrations.GetAsync(install.IntegrationId, cancellationToken))?.Value
            ?? throw new ApiException(404, $"integration {install.IntegrationId} not found");
        var stamp = string.Create(CultureInfo.InvariantCulture, $"{integration.Version}/{integration.UpdatedAt.UtcTicks}/{install.UpdatedAt.UtcTicks}");
        var actions = cache.Get(install.Id, stamp, integration.Config, install.Override);
        var context = await accounts.ReadContextWithSecretsAsync(account, cancellationToken);
        return (actions, new ProxyAccount(account.Id, account.Status, account.AuthenticationMethod, context, install.EnvironmentVariables));
    }

    /// <summary>Merges <paramref name="update"/> into the stored account; returns the account as stored.</summary>
    /// <param name="secretKeys">Keys of <paramref name="update"/> that are secrets besides the account's secret fields (password form fields).</param>
    public async Task<IntegratedAccountRecord> MergeAsync(IntegratedAccountRecord account, JsonObject update, CancellationToken cancellationToken, IEnumerable<string>? secretKeys = null)
    {
        var current = await accounts.GetAsync(account.EnvironmentId, account.Id, cancellationToken)
            ?? throw new ApiException(404, $"integrated account {account.Id} not found");
        var secretFields = current.Value.SecretFields.Union((secretKeys ?? []).Where(update.ContainsKey)).ToHashSet(StringComparer.Ordinal);
        var plain = new JsonObject();
        var secretValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in update)
        {
            if (value is not null && (secretFields.Contains(key) || SecretContextFields.IsSecret(key))) secretValues[key] = SecretContextFields.ToSecret(value);
            else plain[key] = value?.DeepClone();
        }
        var context = (JsonObject)JsonDeepMerge.Merge(current.Value.Context, plain)!;
        var secrets = secretFields.Union(secretValues.Keys).Order(StringComparer.Ordinal).ToList();
        return await accounts.UpdateAsync(current, current.Value with { Context = context, SecretFields = secrets }, secretValues, cancellationToken);
    }
}
