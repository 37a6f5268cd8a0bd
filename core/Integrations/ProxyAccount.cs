using System.Text.Json.Nodes;

namespace Serverless.Core.Integrations;

/// <summary>
/// The integrated account a call runs for. <see cref="Context"/> includes the secret fields: it must
/// never reach a response or a log line.
/// </summary>
public sealed record ProxyAccount(
    Guid Id, string Status, string AuthenticationMethod, JsonObject Context, JsonObject EnvironmentVariables)
{
    /// <summary>The account's status when its credentials work.</summary>
    public const string Active = "active";

    /// <summary>The account's status after a refused refresh: the owner must connect again.</summary>
    public const string NeedsReauth = "needs_reauth";

    /// <summary>
    /// The call is a request of the <c>refresh_token</c> action: it runs with the token in <see cref="Context"/>
    /// as it is, without refreshing it first or after a 401 (that would run the action again).
    /// </summary>
    public bool RefreshingToken { get; init; }

    /// <summary>The ids and status only: <see cref="Context"/> holds secrets.</summary>
    public override string ToString() => $"ProxyAccount {{ Id = {Id}, Status = {Status}, AuthenticationMethod = {AuthenticationMethod} }}";
}
