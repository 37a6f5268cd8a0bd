using System.Globalization;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>The <c>--name value</c> pairs after the scenario's name.</summary>
internal sealed class ScenarioOptions(IReadOnlyList<string> args)
{
    public int Get(string name, int fallback)
    {
        var index = args.ToList().IndexOf("--" + name);
        return index >= 0 && index + 1 < args.Count ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
