using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.SyncJobs.Runs;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// Activity: one segment of a run. From the run's checkpoint, fetches each page through the proxy engine, sends it
/// to the webhook, waits for the 2xx and saves the new position, until every resource is done, the segment's budget
/// is spent, the vendor rate-limits, the receiver fails, a stop is requested or an error ends the run. Only the
/// outcome returns to the orchestration; the records stay in this activity's memory for the length of one page.
/// </summary>
public sealed class SyncRunPagesActivity(
    SyncJobRunRepository runs, SyncVendorSource vendor, SyncRunDelivery delivery, SyncRunOptions options, SyncRunStopSignals stopSignals,
    ILogger<SyncRunPagesActivity> logger)
    : TaskActivity<SyncPagesRequest, SyncStepResult>
{
    /// <inheritdoc/>
    public override Task<SyncStepResult> RunAsync(TaskActivityContext context, SyncPagesRequest input) =>
        new SyncRunSegment(runs, vendor, delivery, options, stopSignals, logger).RunAsync(input, CancellationToken.None);
}
