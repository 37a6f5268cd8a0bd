using Serverless.Core.Jsonata;
using Serverless.Core.Jsonata.Values;
using Serverless.JsonataConformance;
using Xunit;

namespace Serverless.Jsonata.Tests;

/// <summary>
/// Random and mutated expressions over random and suite inputs: every run must end in a result or a
/// <see cref="JsonataException"/> within the limits, never any other exception (nor the engine's
/// D1000 "internal error" safety net, which would mean a bug was caught rather than a proper error raised).
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Fragments =
    [
        "a", "b.c", "$", "$$", "*", "**", "%", "[", "]", "{", "}", "(", ")", ",", ";", ":", ".", "..", "?", "?:", "??",
        "+", "-", "*", "/", "%", "&", "=", "!=", "<", ">", "<=", ">=", "and", "or", "in", "~>", ":=", "@", "#", "^(", "|",
        "1", "0", "-1", "2.5", "1e3", "'s'", "\"t\"", "true", "false", "null", "$x", "$f", "function($x){$x}", "λ($a,$b)<nn:n>{$a+$b}",
        "$sum(", "$map(", "$filter(", "$reduce(", "$string(", "$number(", "$substring(", "$split(", "$replace(", "$match(",
        "$sort(", "$keys(", "$lookup(", "$spread(", "$merge(", "$each(", "$sift(", "$zip(", "$distinct(", "$type(", "$eval(",
        "$formatNumber(", "$formatInteger(", "$fromMillis(", "$toMillis(", "$pad(", "$join(", "$append(", "$count(", "$exists(",
        "/a+/", "/[0-9]*/i", "?", "[0]", "[-1]", "[true]", "{'k': v}", "`x y`", "$$.a", "%.b",
        // Truto extension functions (the platform's function set is used below).
        "$mapValues(", "$firstNonEmpty(", "$removeEmpty(", "$removeEmptyItems(", "$jsonParse(", "$digest(", "$sign(",
        "$base64encode(", "$base64decode(", "$uuid(", "$dtFromIso(", "$dtFromFormat(", "$parseUrl(", "$parseQuery(",
        "$stringifyQuery(", "$toNumber(", "$groupBy(", "$keyBy(", "$pick(", "$omit(", "$compact(", "$orderBy(", "$find(",
        "$values(", "$flatten(", "$chunk(", "$uniq(", "$difference(", "'SHA-1'", "'base64'", "'yyyy-MM-dd'", "'\u00e9'",
    ];

    [Fact]
    public void Random_and_mutated_expressions_end_in_a_result_or_a_jsonata_error()
    {
        var random = new Random(20261122);
        var expressions = SuiteExpressions();
        var inputs = new List<object?>
        {
            null,
            JsonValueReader.Parse("""{"a":1,"b":{"c":[1,2,{"d":"x"}]},"x":"text","items":[{"p":1},{"p":"2"},{"p":null}]}"""),
            JsonValueReader.Parse("""[1,[2,[3,[4]]],"s",{"a":{"a":{"a":1}}}]"""),
            JsonValueReader.Parse("\"plain\""),
        };
        var options = JsonataPlatformFunctions.Shared.Options with { TimeLimit = TimeSpan.FromMilliseconds(250), MaxDepth = 200 };
        var failures = new List<string>();
        var evaluated = 0;

        for (var i = 0; i < 3000; i++)
        {
            var source = i % 3 == 0 ? Generate(random) : Mutate(expressions[random.Next(expressions.Count)], random);
            var input = inputs[random.Next(inputs.Count)];
            try
            {
                var expr = JsonataExpression.Compile(source);
                evaluated++;
                _ = expr.EvaluateValue(input, null, options).ToJsonString();
            }
            catch (JsonataException e) when (e.Code != "D1000")
            {
            }
            catch (Exception e)
            {
                failures.Add($"{source} => {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(evaluated > 300, $"only {evaluated} expressions compiled; the mutations are too destructive to exercise evaluation");
    }

    [Fact]
    public void Suite_expressions_and_mutations_give_the_same_outcome_on_input_text_as_on_built_input()
    {
        // EvaluateJson reads input text lazily (views of arrays, text decoded into concatenations);
        // evaluating a JsonElement builds every value first. Both must agree on every expression.
        var random = new Random(20261207);
        var options = JsonataPlatformFunctions.Shared.Options with { TimeLimit = TimeSpan.FromMilliseconds(250), MaxDepth = 200 };
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var (expression, inputText) in SuiteCasesWithInputText())
        {
            foreach (var source in new[] { expression, Mutate(expression, random) })
            {
                JsonataExpression compiled;
                try
                {
                    compiled = JsonataExpression.Compile(source);
                }
                catch (JsonataException)
                {
                    continue;
                }
                using var document = System.Text.Json.JsonDocument.Parse(inputText);
                var fromText = Outcome(() => compiled.EvaluateJson(inputText, null, options).ToJsonString());
                var fromBuilt = Outcome(() => compiled.Evaluate(document.RootElement, null, options).ToJsonString());
                if (fromText.StartsWith("error U", StringComparison.Ordinal) || fromBuilt.StartsWith("error U", StringComparison.Ordinal))
                {
                    continue;
                }
                compared++;
                if (fromText != fromBuilt)
                {
                    mismatches.Add($"{source}\n  text:  {fromText}\n  built: {fromBuilt}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
        Assert.True(compared > 1200, $"only {compared} expressions compared");
    }

    private static string Outcome(Func<string?> evaluate)
    {
        try
        {
            return evaluate() ?? "undefined";
        }
        catch (JsonataException e)
        {
            return "error " + e.Code;
        }
    }

    /// <summary>Suite cases with an input and no bindings, whose results do not depend on the clock or chance.</summary>
    private static IEnumerable<(string Expression, string InputText)> SuiteCasesWithInputText()
    {
        var datasets = Directory.GetFiles(Path.Combine(SuiteLocation.Directory, "datasets"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonValueWriter.Stringify(LenientJson.Parse(File.ReadAllText(f)), false, false));
        string[] unstable = ["$now", "$millis", "$random", "$uuid", "$eval"];
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SuiteLocation.Directory, "groups"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var node = LenientJson.Parse(File.ReadAllText(file));
            var cases = node is JsonataArray many ? many.Cast<JsonataObject>() : [(JsonataObject)node!];
            foreach (var c in cases)
            {
                if (c.GetValueOrDefault("expr") is not string e || c.ContainsKey("timelimit") || unstable.Any(u => e.Contains(u, StringComparison.Ordinal))
                    || c.GetValueOrDefault("bindings") is JsonataObject { Count: > 0 })
                {
                    continue;
                }
                if (c.TryGetValue("data", out var data) && data is not null)
                {
                    yield return (e, JsonValueWriter.Stringify(data, false, false));
                }
                else if (c.GetValueOrDefault("dataset") is string name && datasets.TryGetValue(name, out var text))
                {
                    yield return (e, text);
                }
            }
        }
    }

    private static List<string> SuiteExpressions()
    {
        var list = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SuiteLocation.Directory, "groups"), "*.json", SearchOption.AllDirectories))
        {
            var node = LenientJson.Parse(File.ReadAllText(file));
            var cases = node is JsonataArray many ? many.Cast<JsonataObject>() : [(JsonataObject)node!];
            foreach (var c in cases)
            {
                // Skip the suite's deliberately heavy cases: they are about limits, tested elsewhere.
                if (c.GetValueOrDefault("expr") is string e && !c.ContainsKey("timelimit"))
                {
                    list.Add(e);
                }
            }
        }
        Assert.NotEmpty(list);
        return list;
    }

    private static string Generate(Random random)
    {
        var parts = random.Next(1, 12);
        var s = new System.Text.StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            s.Append(Fragments[random.Next(Fragments.Length)]);
            if (random.Next(3) == 0)
            {
                s.Append(' ');
            }
        }
        return s.ToString();
    }

    private static string Mutate(string source, Random random)
    {
        var s = source;
        var edits = random.Next(1, 4);
        for (var k = 0; k < edits; k++)
        {
            var pos = s.Length == 0 ? 0 : random.Next(s.Length);
            switch (random.Next(5))
            {
                case 0 when s.Length > 0:
                    s = s.Remove(pos, 1);
                    break;
                case 1:
                    s = s.Insert(pos, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when s.Length > 1:
                    s = s[..pos];
                    break;
                case 3 when s.Length > 2:
                    var len = random.Next(1, Math.Min(8, s.Length - pos) + 1);
                    s = s.Insert(pos, s.Substring(pos, Math.Min(len, s.Length - pos)));
                    break;
                case 4 when s.Length > 0:
                    s = s.Replace(s[pos], "()[]{}.,$"[random.Next(9)]);
                    break;
                default:
                    s = s.Insert(pos, Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }
        return s;
    }
}
