using System.Text.Json.Nodes;
using Serverless.Core.Jsonata;

namespace Serverless.Core.SyncJobs.Running;

/// <summary>
/// One level of a resource's walk: the pages of a <c>depends_on</c> ancestor, the items of a <c>loop_on</c>, or the
/// resource's own pages (<see cref="IsLeaf"/>). A resource with ancestors is walked once per ancestor record.
/// </summary>
internal sealed class SyncWalkLevel
{
    private SyncWalkLevel(SyncJobResource resource, bool loop, bool leaf)
    {
        Resource = resource;
        IsLoop = loop;
        IsLeaf = leaf;
        if (loop)
        {
            LoopExpression = JsonataExpression.Compile(SyncJobScope.LoopExpression(resource.LoopOn!));
            LoopPath = SyncJobScope.LoopPath(resource.LoopOn!);
        }
    }

    public SyncJobResource Resource { get; }

    public bool IsLoop { get; }

    public bool IsLeaf { get; }

    public bool IsRecords => !IsLoop && !IsLeaf;

    public JsonataExpression? LoopExpression { get; }

    public IReadOnlyList<string>? LoopPath { get; }

    /// <summary>The levels of resource <paramref name="index"/>: for each ancestor (outermost first) its loop and pages, then its own loop and pages.</summary>
    public static IReadOnlyList<SyncWalkLevel> Plan(IReadOnlyList<SyncJobResource> resources, int index)
    {
        var levels = new List<SyncWalkLevel>();
        foreach (var ancestor in SyncJobValidator.Ancestors(resources, index))
        {
            if (ancestor.LoopOn is not null) levels.Add(new(ancestor, loop: true, leaf: false));
            levels.Add(new(ancestor, loop: false, leaf: false));
        }
        var resource = resources[index];
        if (resource.LoopOn is not null) levels.Add(new(resource, loop: true, leaf: false));
        levels.Add(new(resource, loop: false, leaf: true));
        return levels;
    }
}

/// <summary>A level entered during a walk: where it is, and what it is walking (an ancestor's page, loop items).</summary>
internal sealed class SyncWalkState(SyncWalkLevel level, Runs.SyncFrame frame)
{
    public SyncWalkLevel Level { get; } = level;

    public Runs.SyncFrame Frame { get; set; } = frame;

    /// <summary>The ancestor page's records or the loop's items.</summary>
    public JsonArray Items { get; set; } = [];

    /// <summary>The cursor of the ancestor page after <see cref="Items"/>.</summary>
    public string? NextCursor { get; set; }

    /// <summary>The item being walked below this level (a copy, so it can sit in the template scope).</summary>
    public JsonNode? Current => Frame.Index < Items.Count ? Items[Frame.Index]?.DeepClone() : null;
}
