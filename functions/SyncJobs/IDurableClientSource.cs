using Microsoft.DurableTask.Client;

namespace Serverless.Functions.SyncJobs;

/// <summary>Where the current code gets its <see cref="DurableTaskClient"/>: from DI standalone, from the function's binding under the Functions host.</summary>
internal interface IDurableClientSource
{
    /// <exception cref="InvalidOperationException">No client is available here (a function without a <c>[DurableClient]</c> binding).</exception>
    DurableTaskClient Client { get; }
}

/// <summary>Standalone: the in-process engine's client (<c>AddDurableTaskEngine</c>).</summary>
internal sealed class EngineDurableClientSource(IServiceProvider services) : IDurableClientSource
{
    public DurableTaskClient Client => services.GetRequiredService<DurableTaskClient>();
}
