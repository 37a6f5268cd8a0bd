using Microsoft.Extensions.Options;
using Serverless.Core.Platform;

namespace Serverless.Functions.Api.Auth;

/// <summary>
/// At start: with <c>ADMIN_API_TOKEN</c>, make sure an <c>admin</c> token with that value exists for the
/// environment <c>default</c> (created if missing, promoted if it was stored before scopes existed);
/// without it and with no token at all, create an <c>admin</c> token and print it once on the console
/// (not through ILogger, so it does not reach log sinks).
/// </summary>
internal sealed partial class ApiTokenBootstrap(
    IOptions<PlatformApiOptions> options, EnvironmentRepository environments, ApiTokenRepository tokens, ILogger<ApiTokenBootstrap> logger) : IHostedService
{
    public const string DefaultEnvironmentName = "default";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var adminToken = options.Value.AdminApiToken;
        if (string.IsNullOrWhiteSpace(adminToken))
        {
            if (await tokens.AnyAsync(cancellationToken))
            {
                return;
            }

            var environment = await EnsureDefaultEnvironmentAsync(cancellationToken);
            var value = ApiTokenRepository.NewTokenValue();
            await tokens.CreateAsync("bootstrap", environment.Id, value, ApiTokenScope.Admin, cancellationToken);
            LogGenerated(logger, environment.Id);
            Console.WriteLine($"Created the first API token for environment '{DefaultEnvironmentName}' (shown once): {value}");
            return;
        }

        if (!await tokens.SetScopeAsync(adminToken, ApiTokenScope.Admin, cancellationToken))
        {
            var environment = await EnsureDefaultEnvironmentAsync(cancellationToken);
            await tokens.CreateAsync("admin", environment.Id, adminToken, ApiTokenScope.Admin, cancellationToken);
            LogAdminRegistered(logger, environment.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<EnvironmentRecord> EnsureDefaultEnvironmentAsync(CancellationToken cancellationToken)
    {
        var existing = await environments.FindByNameAsync(DefaultEnvironmentName, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await environments.CreateAsync(DefaultEnvironmentName, cancellationToken);
        }
        catch (DuplicateNameException)
        {
            // Another instance created it in between.
            return (await environments.FindByNameAsync(DefaultEnvironmentName, cancellationToken))!;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API token existed: created one for environment {EnvironmentId} and printed it on the console")]
    private static partial void LogGenerated(ILogger logger, Guid environmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered ADMIN_API_TOKEN for environment {EnvironmentId}")]
    private static partial void LogAdminRegistered(ILogger logger, Guid environmentId);
}
