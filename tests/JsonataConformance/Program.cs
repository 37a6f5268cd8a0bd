using System.Globalization;
using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;
using Serverless.JsonataConformance;

switch (args.FirstOrDefault())
{
    case "eval":
        return Eval(args);
    case "bench":
        return Bench(args);
    case "-h" or "--help":
        return Usage();
    default:
        return Suite(args.FirstOrDefault() ?? SuiteDirectory.Resolve());
}

static int Usage()
{
    Console.Error.WriteLine($"usage: JsonataConformance [suite-dir, default ${SuiteDirectory.Variable} or ../shared/jsonata-test-suite] | eval '<expr>' [input.json] [--bindings file.json] | bench '<expr>' <input.json> [--iterations N]");
    return 2;
}

static int Suite(string suiteDir)
{
    if (!SuiteDirectory.Exists(suiteDir))
    {
        Console.Error.WriteLine(SuiteDirectory.NotFound(Path.GetFullPath(suiteDir)));
        return 2;
    }

    var runner = new ConformanceRunner(suiteDir);
    var known = ConformanceRunner.LoadKnownFailures(Path.Combine(AppContext.BaseDirectory, "known-failures.txt"));
    var outcomes = runner.RunAll();
    var unexpected = 0;
    foreach (var o in outcomes.Where(o => !o.Passed))
    {
        var isKnown = known.ContainsKey(o.Id);
        if (!isKnown)
        {
            unexpected++;
        }
        Console.WriteLine($"FAIL{(isKnown ? " (known)" : "")} {o.Id}\n  expr:     {o.Expression}\n  expected: {Trim(o.Expected)}\n  got:      {Trim(o.Got)}");
    }
    foreach (var slow in outcomes.OrderByDescending(o => o.Elapsed).Take(5))
    {
        Console.WriteLine($"slowest: {slow.Id} {slow.Elapsed.TotalMilliseconds:F0} ms");
    }
    var passed = outcomes.Count(o => o.Passed);
    Console.WriteLine($"{passed} passed, {outcomes.Count - passed} failed");
    if (unexpected > 0)
    {
        Console.WriteLine($"{unexpected} failures are not listed in known-failures.txt");
    }
    return unexpected > 0 ? 1 : 0;
}

static string Trim(string s) => s.Length > 300 ? s[..300] + "..." : s;

static int Eval(string[] args)
{
    if (args.Length < 2)
    {
        return Usage();
    }
    object? input = null;
    Dictionary<string, object?>? bindings = null;
    for (var i = 2; i < args.Length; i++)
    {
        if (args[i] == "--bindings" && i + 1 < args.Length)
        {
            var b = JsonValueReader.Parse(File.ReadAllBytes(args[++i])) as JsonataObject;
            bindings = b?.ToDictionary(kv => kv.Key, kv => kv.Value);
        }
        else
        {
            input = JsonValueReader.Parse(File.ReadAllBytes(args[i]));
        }
    }
    try
    {
        var result = JsonataExpression.Compile(args[1]).EvaluateValue(input, bindings, JsonataPlatformFunctions.Shared.Options);
        Console.WriteLine(result.IsUndefined ? "undefined" : result.ToJsonString());
        return 0;
    }
    catch (JsonataException e)
    {
        Console.WriteLine($"error {e.Code}: {e.Message}");
        if (e.InnerException is not null && Environment.GetEnvironmentVariable("JSONATA_TRACE") == "1")
        {
            Console.Error.WriteLine(e.InnerException);
        }
        return 1;
    }
}

static int Bench(string[] args)
{
    if (args.Length < 3)
    {
        return Usage();
    }
    var iterations = 20000;
    for (var i = 3; i < args.Length - 1; i++)
    {
        if (args[i] == "--iterations")
        {
            iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }
    }
    var input = File.ReadAllBytes(args[2]);
    var (median, p99, compile, parse, eval) = ConformanceRunner.Bench(args[1], input, iterations, JsonataPlatformFunctions.Shared.Registry);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median_us={median:F2} p99_us={p99:F2} compile_us={compile:F2}"));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(parse_only_us={parse:F2} eval_preparsed_us={eval:F2} allocated_bytes_per_run={ConformanceRunner.AllocatedBytesPerRun} input_bytes={input.Length})"));
    return 0;
}
