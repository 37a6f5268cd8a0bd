using System.Diagnostics;
using System.Text.Json;
using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;

namespace Serverless.JsonataConformance;

/// <summary>One case's outcome.</summary>
public sealed record CaseOutcome(string Id, bool Passed, string Expression, string Expected, string Got)
{
    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Runs the official JSONata test suite (groups/&lt;group&gt;/caseNNN.json, datasets/*.json) against the
/// engine. Used by the console tool and by the xunit conformance test.
/// </summary>
public sealed class ConformanceRunner
{
    private readonly string _suiteDir;
    private readonly Dictionary<string, object?> _datasets = new(StringComparer.Ordinal);

    public ConformanceRunner(string suiteDir)
    {
        _suiteDir = suiteDir;
        foreach (var file in Directory.GetFiles(Path.Combine(suiteDir, "datasets"), "*.json"))
        {
            _datasets[Path.GetFileNameWithoutExtension(file)] = LenientJson.Parse(File.ReadAllText(file));
        }
    }

    /// <summary>Functions available to every case: the built-ins (the suite needs nothing else).</summary>
    public JsonataFunctionRegistry Functions { get; init; } = JsonataFunctionRegistry.Default;

    public IReadOnlyList<CaseOutcome> RunAll()
    {
        var outcomes = new List<CaseOutcome>();
        foreach (var groupDir in Directory.GetDirectories(Path.Combine(_suiteDir, "groups")).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(groupDir);
            foreach (var file in Directory.GetFiles(groupDir, "*.json").Order(StringComparer.Ordinal))
            {
                var node = LenientJson.Parse(File.ReadAllText(file));
                var name = group + "/" + Path.GetFileNameWithoutExtension(file);
                if (node is JsonataArray many)
                {
                    for (var i = 0; i < many.Count; i++)
                    {
                        outcomes.Add(Timed(() => RunCase(name + "#" + i, (JsonataObject)many[i]!, groupDir)));
                    }
                }
                else
                {
                    outcomes.Add(Timed(() => RunCase(name, (JsonataObject)node!, groupDir)));
                }
            }
        }
        return outcomes;
    }

    private static CaseOutcome Timed(Func<CaseOutcome> run)
    {
        var start = Stopwatch.GetTimestamp();
        var outcome = run();
        return outcome with { Elapsed = Stopwatch.GetElapsedTime(start) };
    }

    private CaseOutcome RunCase(string id, JsonataObject tc, string groupDir)
    {
        var expr = tc.GetValueOrDefault("expr") as string ?? File.ReadAllText(Path.Combine(groupDir, (string)tc["expr-file"]!));
        object? input = null;
        if (tc.TryGetValue("data", out var data))
        {
            input = data;
        }
        else if (tc.GetValueOrDefault("dataset") is string dsName)
        {
            input = _datasets[dsName];
        }
        Dictionary<string, object?>? bindings = null;
        if (tc.GetValueOrDefault("bindings") is JsonataObject b && b.Count > 0)
        {
            bindings = b.ToDictionary(kv => kv.Key, kv => kv.Value);
        }
        var options = new JsonataEvaluationOptions
        {
            Functions = Functions,
            TimeLimit = tc.GetValueOrDefault("timelimit") is double tl ? TimeSpan.FromMilliseconds(tl) : TimeSpan.FromSeconds(10),
            MaxDepth = tc.GetValueOrDefault("depth") is double dp ? (int)dp : 10_000,
        };
        var expected = Describe(tc);
        JsonataResult result;
        try
        {
            var compiled = JsonataExpression.Compile(expr);
            result = compiled.EvaluateValue(input, bindings, options);
        }
        catch (JsonataException e)
        {
            var got = $"error {e.Code} (position {e.Position}, token {e.Token}): {e.Message}";
            var err = tc.GetValueOrDefault("error") as JsonataObject;
            var wantCode = tc.GetValueOrDefault("code") as string ?? err?.GetValueOrDefault("code") as string;
            var passed = wantCode == e.Code || (wantCode is null && tc.ContainsKey("timelimit") && e.Code == "U1001");
            if (passed && tc.GetValueOrDefault("token") is string tok)
            {
                passed = tok == e.Token;
            }
            if (passed && err is not null)
            {
                if (err.GetValueOrDefault("token") is string et && et != e.Token)
                {
                    passed = false;
                }
                if (err.GetValueOrDefault("position") is double ep && ep != e.Position)
                {
                    passed = false;
                }
            }
            return new CaseOutcome(id, passed, expr, expected, got);
        }
        catch (Exception e)
        {
            return new CaseOutcome(id, false, expr, expected, $"crash {e.GetType().Name}: {e.Message}");
        }
        var gotText = result.ToJsonString() ?? "undefined";
        bool ok;
        if (tc.ContainsKey("undefinedResult"))
        {
            ok = result.IsUndefined;
        }
        else if (tc.TryGetValue("result", out var want))
        {
            var wantValue = want;
            var gotValue = result.IsUndefined ? null : LenientJson.Parse(gotText);
            ok = tc.GetValueOrDefault("unordered") is true
                ? UnorderedEquals(wantValue, gotValue)
                : JsonEquals(wantValue, gotValue);
        }
        else
        {
            ok = false;
        }
        return new CaseOutcome(id, ok, expr, expected, gotText);
    }

    private static string Describe(JsonataObject tc)
    {
        if (tc.TryGetValue("result", out var r))
        {
            return JsonValueWriter.Stringify(r, false, false);
        }
        if (tc.ContainsKey("undefinedResult"))
        {
            return "undefined";
        }
        if (tc.GetValueOrDefault("code") is string c)
        {
            return "error " + c + (tc.GetValueOrDefault("token") is string t ? " token " + t : "");
        }
        return "error " + JsonValueWriter.Stringify(tc.GetValueOrDefault("error"), false, false);
    }

    private static bool JsonEquals(object? a, object? b)
    {
        if (a is double da && b is double db)
        {
            return da == db || Math.Abs(da - db) <= 1e-13 * Math.Max(Math.Abs(da), Math.Abs(db));
        }
        if (a is JsonataArray la && b is JsonataArray lb)
        {
            return la.Count == lb.Count && la.Zip(lb).All(p => JsonEquals(p.First, p.Second));
        }
        if (a is JsonataObject oa && b is JsonataObject ob)
        {
            return oa.Count == ob.Count && oa.All(kv => ob.TryGetValue(kv.Key, out var v) && JsonEquals(kv.Value, v));
        }
        return ValueSemantics.DeepEquals(a, b);
    }

    private static bool UnorderedEquals(object? want, object? got)
    {
        if (want is not JsonataArray wa || got is not JsonataArray ga || wa.Count != ga.Count)
        {
            return JsonEquals(want, got);
        }
        var remaining = ga.ToList();
        foreach (var w in wa)
        {
            var i = remaining.FindIndex(g => JsonEquals(w, g));
            if (i < 0)
            {
                return false;
            }
            remaining.RemoveAt(i);
        }
        return true;
    }

    /// <summary>Reads known-failures.txt: "group/caseNNN[#i]  reason" per line, '#'-comments and blanks ignored.</summary>
    public static IReadOnlyDictionary<string, string> LoadKnownFailures(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            var space = line.IndexOfAny([' ', '\t']);
            var id = space < 0 ? line : line[..space];
            result[id] = space < 0 ? "" : line[space..].Trim();
        }
        return result;
    }

    /// <summary>Bytes allocated by one text-in/text-out run in the last <see cref="Bench"/>.</summary>
    public static long AllocatedBytesPerRun { get; private set; }

    /// <summary>Times JSON text in → parse → evaluate → serialise.</summary>
    public static (double MedianUs, double P99Us, double CompileUs, double ParseUs, double EvalUs) Bench(string expr, byte[] inputUtf8, int iterations, JsonataFunctionRegistry functions)
    {
        var compileTimes = new double[Math.Max(200, Math.Min(2000, iterations))];
        for (var i = 0; i < compileTimes.Length; i++)
        {
            var s = Stopwatch.GetTimestamp();
            JsonataExpression.Compile(expr);
            compileTimes[i] = Stopwatch.GetElapsedTime(s).TotalMicroseconds;
        }
        var compiled = JsonataExpression.Compile(expr);
        var options = new JsonataEvaluationOptions { Functions = functions };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        void Once()
        {
            var result = compiled.EvaluateJson(inputUtf8, null, options);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            result.WriteTo(writer);
            writer.Flush();
        }
        for (var i = 0; i < Math.Min(2000, iterations); i++)
        {
            Once();
        }
        var allocBefore = GC.GetAllocatedBytesForCurrentThread();
        Once();
        AllocatedBytesPerRun = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var s = Stopwatch.GetTimestamp();
            Once();
            times[i] = Stopwatch.GetElapsedTime(s).TotalMicroseconds;
        }
        Array.Sort(times);
        Array.Sort(compileTimes);
        var parseTimes = new double[iterations];
        var evalTimes = new double[iterations];
        var parsed = JsonValueReader.ParseLazy(inputUtf8);
        for (var i = 0; i < iterations; i++)
        {
            var s = Stopwatch.GetTimestamp();
            JsonValueReader.ParseLazy(inputUtf8);
            parseTimes[i] = Stopwatch.GetElapsedTime(s).TotalMicroseconds;
            s = Stopwatch.GetTimestamp();
            compiled.EvaluateValue(parsed, null, options);
            evalTimes[i] = Stopwatch.GetElapsedTime(s).TotalMicroseconds;
        }
        var a0 = GC.GetAllocatedBytesForCurrentThread();
        compiled.EvaluateValue(parsed, null, options);
        var a1 = GC.GetAllocatedBytesForCurrentThread();
        var fresh = JsonValueReader.ParseLazy(inputUtf8);
        var a2 = GC.GetAllocatedBytesForCurrentThread();
        JsonValueReader.Detach(fresh);
        var a3 = GC.GetAllocatedBytesForCurrentThread();
        Console.Error.WriteLine($"eval_alloc={a1 - a0} parse_alloc={a2 - a1} materialize_all_alloc={a3 - a2}");
        Array.Sort(parseTimes);
        Array.Sort(evalTimes);
        return (times[times.Length / 2], times[Math.Min(times.Length - 1, (int)(times.Length * 0.99))], compileTimes[compileTimes.Length / 2],
            parseTimes[iterations / 2], evalTimes[iterations / 2]);
    }
}
