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
