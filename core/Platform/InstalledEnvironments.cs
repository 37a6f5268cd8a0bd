namespace Serverless.Core.Platform;

/// <summary>
/// Which environments an integration is installed in (its <c>installed_environment</c>), read from the
/// environment integrations themselves so it can never disagree with them.
/// </summary>
public sealed class InstalledEnvironments(EnvironmentRepository environments, EnvironmentIntegrationRepository installs)
{
    private const int PageSize = 1000;

    /// <summary>The environment ids where <paramref name="integrationId"/> is installed, in environment order.</summary>
    public async Task<IReadOnlyList<Guid>> OfAsync(Guid integrationId, CancellationToken cancellationToken)
    {
        var installedIn = new List<Guid>();
        await foreach (var environment in AllEnvironmentsAsync(cancellationToken))
        {
            if (await installs.FindByIntegrationAsync(environment, integrationId, cancellationToken) is not null) installedIn.Add(environment);
        }
        return installedIn;
    }

    /// <summary>Integration id → environment ids, for answering a list of integrations with one pass over the installations.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>> AllAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, List<Guid>>();
        await foreach (var environment in AllEnvironmentsAsync(cancellationToken))
        {
            string? cursor = null;
            do
            {
                var page = await installs.ListAsync(environment, PageSize, cursor, cancellationToken);
                foreach (var install in page.Items)
                {
                    if (!result.TryGetValue(install.IntegrationId, out var list)) result[install.IntegrationId] = list = [];
                    list.Add(environment);
                }
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }
        return result.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Guid>)pair.Value);
    }

    private async IAsyncEnumerable<Guid> AllEnvironmentsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await environments.ListAsync(PageSize, cursor, cancellationToken);
            foreach (var environment in page.Items) yield return environment.Id;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}
