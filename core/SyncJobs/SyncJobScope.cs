using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Core.Templating;

namespace Serverless.Core.SyncJobs;

/// <summary>
/// What a sync job's templates (<c>query</c>, <c>id</c>) and <c>loop_on</c> expressions see: <c>args</c> (the run's,
/// defaults applied), <c>previous_run_date</c> (ISO 8601 UTC), <c>resources.&lt;ancestor&gt;</c> (the record of each
/// <c>depends_on</c> ancestor being walked; a name with '/' nests: <c>crm/contacts</c> is <c>resources.crm.contacts</c>)
/// and <c>loop</c> (<c>{item, index}</c> of the innermost <c>loop_on</c>).
/// </summary>
internal static partial class SyncJobScope
{
    public const string Args = "args";
    public const string PreviousRunDate = "previous_run_date";
    public const string Resources = "resources";
    public const string Loop = "loop";

    public static IReadOnlyList<string> Roots { get; } = [Args, PreviousRunDate, Resources, Loop];

    /// <summary><c>previous_run_date</c> when there is none (no completed run, or <c>ignore_previous_run</c>): a full sync.</summary>
    public static readonly DateTimeOffset NoPreviousRun = DateTimeOffset.UnixEpoch;

    public static string FormatDate(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The JSONata a <c>loop_on</c> stands for: Truto writes a placeholder (<c>{{args.user_ids}}</c>) or an argument's
    /// name (<c>user_ids</c>); any other text is a JSONata expression over <c>{args, previous_run_date, resources}</c>.
    /// </summary>
    public static string LoopExpression(string loopOn)
    {
        var text = loopOn.Trim();
        if (WholePlaceholder().Match(text) is { Success: true } placeholder)
        {
            text = placeholder.Groups[1].Value.Trim();
        }
        return BareName().IsMatch(text) && !Roots.Contains(text) ? $"{Args}.{text}" : text;
    }

    /// <summary>The path a <c>loop_on</c> names, when it is one (<c>args.user_ids</c>): during each repetition that path reads as the item.</summary>
    public static IReadOnlyList<string>? LoopPath(string loopOn) =>
        DottedPath().IsMatch(LoopExpression(loopOn)) ? LoopExpression(loopOn).Split('.') : null;

    /// <summary>Where an ancestor's record sits under <c>resources</c>.</summary>
    public static IReadOnlyList<string> ResourcePath(string resource) => resource.Split('/');

    /// <summary>The scope of one request or loop evaluation.</summary>
    public static CompositeTemplateScope Create(JsonObject args, string previousRunDate, JsonObject resources, JsonObject? loop) =>
        new CompositeTemplateScope()
            .With(Args, args)
            .With(PreviousRunDate, previousRunDate)
            .With(Resources, resources)
            .With(Loop, loop);

    /// <summary>Sets <paramref name="value"/> at a dotted path of <paramref name="root"/>, creating objects on the way.</summary>
    public static void Set(JsonObject root, IReadOnlyList<string> path, JsonNode? value)
    {
        var current = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (current[path[i]] is not JsonObject child)
            {
                current[path[i]] = child = [];
            }
            current = child;
        }
        current[path[^1]] = value;
    }

    [GeneratedRegex(@"^\{\{([^{}]+)\}\}$")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex BareName();

    [GeneratedRegex(@"^(args|resources)(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex DottedPath();
}
