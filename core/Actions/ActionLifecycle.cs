using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Platform;

namespace Serverless.Core.Actions;

/// <summary>How a validation run ended: the account's new status and what the vendor answered, secret values scrubbed.</summary>
public sealed record ValidationOutcome(bool Valid, int? VendorStatus, JsonNode? VendorBody, string? Error, IntegratedAccountRecord Account);

/// <summary>
/// The account lifecycle of SPEC §4: a new account is stored <c>connecting</c>, then the integration's
/// <c>post_install</c> action runs (failure → <c>post_install_error</c>), then its <c>validation</c>
/// action (a non-2xx or a falsy result → <c>validation_error</c>), then it is <c>active</c>. Each outcome
/// emits its <c>integrated_account:*</c> event; <c>update_context</c> steps are stored on the account.
/// </summary>
public sealed partial class ActionLifecycle(
    IntegrationResolver resolver, ActionRunner runner, IntegratedAccountRepository accounts, IEventPublisher events, ILogger<ActionLifecycle> logger)
    : IIntegratedAccountLifecycle
{
    /// <summary>
    /// A new account starts <c>connecting</c> when its integration has a <c>post_install</c> or <c>validation</c>
    /// action: <see cref="ActivateAsync"/> then runs them and moves it on. Without such actions (or with a config the
    /// actions cannot be compiled from) there is nothing to wait for, and it is stored <c>active</c> at once, which
    /// saves re-reading and re-writing it. Either way <c>integrated_account:active</c> (the trigger most workflows
    /// listen to) is emitted for every account that becomes active.
    /// </summary>
    public async ValueTask<string> InitialStatusAsync(IntegratedAccountRecord account, CancellationToken cancellationToken)
    {
        try
        {
            var config = (await resolver.ResolveAccountAsync(account, cancellationToken)).Config;
            return config.FindAction(ReservedActions.PostInstall) is null && config.FindAction(ReservedActions.Validation) is null ? "active" : "connecting";
        }
        catch (ApiException)
        {
            return "active";
        }
    }

    /// <summary>Moves a <c>connecting</c> account to <c>active</c> once its post-install and validation actions pass, and emits <c>integrated_account:active</c>; an account already stored active only emits the event.</summary>
    public async Task<IntegratedAccountRecord> ActivateAsync(IntegratedAccountRecord account, CancellationToken cancellationToken)
    {
        if (account.Status == "active")
        {
            // Stored active by InitialStatusAsync: only the event is left to emit.
            await events.PublishAccountEventAsync(EventTypes.IntegratedAccountActive, account, accounts.Time, cancellationToken);
            return account;
        }

        if (account.Status != "connecting") return account;
        CompiledIntegration config;
        try
        {
            config = (await resolver.ResolveAccountAsync(account, cancellationToken)).Config;
        }
        catch (ApiException)
        {
            // A config that cannot be resolved fails every proxy call with the reason; the imported credentials
            // themselves are fine.
            return await MoveAsync(account, ProxyAccount.Active, null, cancellationToken);
        }

        if (config.FindAction(ReservedActions.PostInstall) is not null)
        {
            var (_, error, updated) = await RunAsync(account, ReservedActions.PostInstall, cancellationToken);
            account = updated;
            if (error is not null) return await MoveAsync(account, "post_install_error", error.Message, cancellationToken);
        }
        if (config.FindAction(ReservedActions.Validation) is not null)
        {
            var outcome = await ValidateAsync(account, cancellationToken);
            return outcome.Account;
        }
        return await MoveAsync(account, ProxyAccount.Active, null, cancellationToken);
    }

    /// <summary>Runs the <c>validation</c> action (also for <c>POST /integrated-account/{id}/validate</c>) and moves the account accordingly.</summary>
    public async Task<ValidationOutcome> ValidateAsync(IntegratedAccountRecord account, CancellationToken cancellationToken)
    {
        var (result, error, updated) = await RunAsync(account, ReservedActions.Validation, cancellationToken);
        if (error is not null)
        {
            var failed = await MoveAsync(updated, "validation_error", error.Message, cancellationToken);
            return new ValidationOutcome(false, error.Details?["vendor_status"]?.GetValue<int>() ?? error.StatusCode, error.Details?["vendor_body"]?.DeepClone(), error.Message, failed);
        }
        var truthy = IsTruthy(result!.Result);
        var moved = await MoveAsync(updated, truthy ? "active" : "validation_error", truthy ? null : "the validation action's result is falsy", cancellationToken);
        return new ValidationOutcome(truthy, result.Status, result.Secrets.Scrub(result.RawResponse), truthy ? null : "the validation action's result is falsy", moved);
    }

    private async Task<(ActionResult? Result, ApiException? Error, IntegratedAccountRecord Account)> RunAsync(IntegratedAccountRecord account, string action, CancellationToken cancellationToken)
    {
        try
        {
            var resolved = await resolver.ResolveAccountAsync(account, cancellationToken);
            var result = await runner.RunAsync(resolved.Config, action, await resolver.ReadProxyAccountAsync(resolved, cancellationToken), null, cancellationToken);
            if (result.ContextUpdate is { } update)
            {
                account = await accounts.MergeContextAsync(account, update, null, cancellationToken) ?? throw ApiException.NotFound("integrated account", account.Id);
            }

            return (result, null, account);
        }
        catch (ApiException exception)
        {
            LogActionFailed(logger, action, account.Id, exception.StatusCode, exception.Message);
            return (null, exception, account);
        }
    }

    /// <summary>JavaScript-style truthiness, as JSONata uses: null, false, 0, "" and empty arrays are falsy.</summary>
    private static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        not JsonValue => true,
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length > 0,
            System.Text.Json.JsonValueKind.Number => value.ToJsonString() is not ("0" or "0.0" or "-0"),
            _ => true,
        },
    };

    private async Task<IntegratedAccountRecord> MoveAsync(IntegratedAccountRecord account, string status, string? error, CancellationToken cancellationToken)
    {
        var current = await accounts.GetAsync(account.EnvironmentId, account.Id, cancellationToken);
        if (current is null) return account with { Status = status };
        var moved = current.Value.Status == status ? current.Value : await accounts.UpdateAsync(current, current.Value with { Status = status }, new Dictionary<string, string>(), cancellationToken);
        await events.PublishAccountEventAsync("integrated_account:" + status, moved, accounts.Time, cancellationToken, "error", error);
        return moved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Action {Action} failed for account {AccountId} with {Status}: {Reason}")]
    private static partial void LogActionFailed(ILogger logger, string action, Guid accountId, int status, string reason);
}
