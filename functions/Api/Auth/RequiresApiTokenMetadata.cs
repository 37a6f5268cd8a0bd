namespace Serverless.Functions.Api.Auth;

/// <summary>
/// Marks an endpoint as requiring <c>Authorization: Bearer &lt;api token&gt;</c> (added by
/// <see cref="ApiTokenEndpointConventions.RequireApiToken"/>): only such endpoints are authenticated,
/// throttled on failures and described with the bearer scheme in OpenAPI.
/// </summary>
internal sealed class RequiresApiTokenMetadata;
