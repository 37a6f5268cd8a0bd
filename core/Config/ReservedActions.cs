namespace Serverless.Core.Config;

/// <summary>Action names that run at points of an integrated account's lifecycle (Truto's reserved names).</summary>
public static class ReservedActions
{
    /// <summary>After the credentials are in, before validation; a failure moves the account to <c>post_install_error</c>.</summary>
    public const string PostInstall = "post_install";

    /// <summary>The credential test; a non-2xx or a falsy result moves the account to <c>validation_error</c>.</summary>
    public const string Validation = "validation";

    /// <summary>Replaces the standard refresh-token grant: its result (or the <c>oauth.token</c> it puts in the context) is the new token.</summary>
    public const string RefreshToken = "refresh_token";

    /// <summary>After an OAuth connect: its result is the form (fields) shown to the user; the answers merge into the context.</summary>
    public const string PostConnectUserForm = "post_connect_user_form";

    /// <summary>Every reserved action name.</summary>
    public static readonly IReadOnlyList<string> All = [PostInstall, PostConnectUserForm, RefreshToken, Validation];
}
