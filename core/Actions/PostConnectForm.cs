using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Errors;
using Serverless.Core.Events;
using Serverless.Core.Integrations;
using Serverless.Core.Json;
using Serverless.Core.Platform;

namespace Serverless.Core.Actions;

/// <summary>What submitting a form did: the account as stored, or the problems with the answers (nothing stored).</summary>
public sealed record PostConnectFormOutcome(IntegratedAccountRecord Account, IReadOnlyList<ValidationError> Errors);

/// <summary>
/// Truto's <c>post_connect_user_form</c> action, for a platform without Truto's Link UI: the action runs for
/// the account and its result is a form, a list of fields in the shape of credential fields (e.g. a
/// <c>single_select</c> of the workspaces a request step listed); the app shows it however it likes and
/// submits the answers, which are checked against the form as it is then (required, pattern, options),
/// merged into the account's context (password answers go to the secret store) and announced with
/// <c>integrated_account:post_connect_form_submitted</c>.
/// </summary>
public sealed class PostConnectForm(IntegrationResolver resolver, ActionRunner runner, IEventPublisher events, IntegratedAccountRepository accounts)
{
    /// <summary>The event emitted when an account's post-connect form is submitted.</summary>
    public const string SubmittedEvent = "integrated_account:post_connect_form_submitted";

    /// <exception cref="ApiException">404 without the action; 502 when its result is not a form; the action's own failures.</exception>
    public async Task<IReadOnlyList<CredentialField>> ReadAsync(IntegratedAccountRecord account, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAccountAsync(account, cancellationToken);
        if (resolved.Config.FindAction(ReservedActions.PostConnectUserForm) is null)
        {
            throw ApiException.NotFound($"the integration of account {account.Id} has no {ReservedActions.PostConnectUserForm} action");
        }

        var result = await runner.RunAsync(resolved.Config, ReservedActions.PostConnectUserForm, await resolver.ReadProxyAccountAsync(resolved, cancellationToken), null, cancellationToken);
        // The form is the result itself, or its "fields".
        var form = result.Result is JsonObject wrapper && wrapper.ContainsKey("fields") ? wrapper["fields"] : result.Result;
        if (IntegrationConfigSchema.Fields.Validate(form) is { Count: > 0 } problems)
        {
            var first = problems[0];
            throw new ApiException(502, $"the {ReservedActions.PostConnectUserForm} action's result is not a form of fields: {first.Path}: {first.Message}");
        }

        return form.Deserialize<List<CredentialField>>(IntegrationConfigJson.Options) ?? [];
    }

    /// <param name="values">The answers, field name → value; <paramref name="path"/> prefixes the problems' paths.</param>
    public async Task<PostConnectFormOutcome> SubmitAsync(IntegratedAccountRecord account, JsonObject values, string path, CancellationToken cancellationToken)
    {
        var fields = await ReadAsync(account, cancellationToken);
        var check = CredentialContextCheck.CheckFields(fields, values, path);
        var errors = check.Errors.ToList();
        var names = fields.Select(field => field.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, _) in values)
        {
            if (!names.Contains(name)) errors.Add(new ValidationError(JsonPath.Property(path, name), $"not a field of the form (expected {string.Join(", ", names)})"));
        }
        if (errors.Count > 0) return new PostConnectFormOutcome(account, errors);

        var update = (JsonObject)check.Context.DeepClone();
        foreach (var (name, secret) in check.SecretValues) update[name] = secret;
        var stored = await accounts.MergeContextAsync(account, update, check.SecretValues.Keys, cancellationToken)
            ?? throw ApiException.NotFound("integrated account", account.Id);
        await events.PublishAccountEventAsync(SubmittedEvent, stored, accounts.Time, cancellationToken, "fields", string.Join(",", update.Select(pair => pair.Key)));
        return new PostConnectFormOutcome(stored, []);
    }
}
