using Serverless.Core.Platform;

namespace Serverless.Core.Workflows.Running;

/// <summary>A workflow run's id, derived from the workflow and the event: the same event delivered again starts no second run.</summary>
internal static class WorkflowRunIds
{
    public static Guid Of(Guid workflowId, Guid eventId)
    {
        Span<byte> input = stackalloc byte[32];
        workflowId.TryWriteBytes(input);
        eventId.TryWriteBytes(input[16..]);
        return DerivedUuid.From(input);
    }
}
