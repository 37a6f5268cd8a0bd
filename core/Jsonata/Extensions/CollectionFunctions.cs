using Serverless.Core.Jsonata.Values;

namespace Serverless.Core.Jsonata.Extensions;

/// <summary>
/// Lodash-like helpers: <c>$groupBy</c>, <c>$keyBy</c>, <c>$pick</c>, <c>$omit</c>, <c>$compact</c>, <c>$orderBy</c>,
/// <c>$find</c>, <c>$values</c>, <c>$flatten</c>, <c>$chunk</c>, <c>$uniq</c>, <c>$difference</c>. Keys are a field
/// name (dotted paths allowed) or a function of the item; equality is JSONata deep equality.
/// </summary>
internal static class CollectionFunctions
{
    public static void Register(JsonataFunctionRegistry registry)
    {
        // Undefined arguments pass signatures (as in the reference): an undefined collection gives undefined.
        registry.Register("groupBy", "<a(sf):o>", (c, a) => a[0] is JsonataArray items ? Index(c, items, a[1], collect: true) : null);
        registry.Register("keyBy", "<a(sf):o>", (c, a) => a[0] is JsonataArray items ? Index(c, items, a[1], collect: false) : null);
        registry.Register("pick", "<o-(sa):o>", (_, a) => a[0] is JsonataObject o ? Select(o, KeyList(a[1], "pick"), keep: true) : null);
        registry.Register("omit", "<o-(sa):o>", (_, a) => a[0] is JsonataObject o ? Select(o, KeyList(a[1], "omit"), keep: false) : null);
        registry.Register("compact", "<a-:a>", (_, a) => Filter(a[0] as JsonataArray, IsLodashTruthy));
        registry.Register("orderBy", "<a(sfa)?(sa)?:a>", (c, a) => a[0] is JsonataArray items ? OrderBy(c, items, a.Length > 1 ? a[1] : null, a.Length > 2 ? a[2] : null) : null);
        registry.Register("find", "<a(fo):x>", (c, a) => a[0] is JsonataArray items && a[1] is { } predicate ? Find(c, items, predicate) : null);
        registry.Register("values", "<o-:a>", (_, a) => a[0] is JsonataObject o ? new JsonataArray(o.Values) : null);
        registry.Register("flatten", "<an?:a>", (_, a) => a[0] is JsonataArray items ? Flatten(items, a.Length > 1 && a[1] is double d ? d : 1) : null);
        registry.Register("chunk", "<an?:a>", (_, a) => a[0] is JsonataArray items ? Chunk(items, a.Length > 1 && a[1] is double d ? d : 1) : null);
        registry.Register("uniq", "<a-:a>", (_, a) => a[0] is JsonataArray items ? Uniq(items) : null);
        registry.Register("difference", "<aa+:a>", (_, a) => a[0] is JsonataArray items ? Difference(items, a.Skip(1)) : null);
    }

    private static object? KeyOf(JsonataCallContext context, object? iteratee, object? item, int index, JsonataArray items) => iteratee switch
    {
        JsonataFunction f => ExtensionValues.Call(context, f, item, index, items),
        string path => ExtensionValues.ReadPath(item, path),
        _ => item,
    };

    private static JsonataObject Index(JsonataCallContext context, JsonataArray items, object? iteratee, bool collect)
    {
        var result = new JsonataObject();
        for (var i = 0; i < items.Count; i++)
        {
            var key = ExtensionValues.KeyText(KeyOf(context, iteratee, items[i], i, items));
            if (!collect)
            {
                result[key] = items[i];
            }
            else if (result.TryGetValue(key, out var group))
            {
                ((JsonataArray)group!).Add(items[i]);
            }
            else
            {
                result[key] = new JsonataArray { items[i] };
            }
        }
        return result;
    }

    private static HashSet<string> KeyList(object? keys, string function)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (keys is null)
        {
            return set;
        }
        if (keys is string single)
        {
            set.Add(single);
            return set;
        }
        foreach (var key in (JsonataArray)keys!)
        {
            set.Add(key as string ?? throw ExtensionValues.Error("D3230", $"${function}: the keys must be strings", key));
        }
        return set;
    }

    private static JsonataObject Select(JsonataObject source, HashSet<string> keys, bool keep)
    {
        var result = new JsonataObject();
        foreach (var (key, value) in source)
        {
            if (keys.Contains(key) == keep) result[key] = value;
        }
        return result;
    }

    // Lodash falsiness: false, null, 0, NaN, "" (unlike JSONata, empty arrays and objects are kept).
    private static bool IsLodashTruthy(object? value) => value switch
    {
        null or JsonataNull => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    private static JsonataArray? Filter(JsonataArray? items, Func<object?, bool> keep)
    {
        if (items is null) return null;
        var result = new JsonataArray(items.Count);
        foreach (var item in items)
        {
            if (keep(item)) result.Add(item);
        }
        return result;
    }

    private static JsonataArray OrderBy(JsonataCallContext context, JsonataArray items, object? iteratees, object? orders)
    {
        var keys = iteratees switch
        {
            null => [null],
            JsonataArray list => list.ToArray(),
            _ => new[] { iteratees },
        };
        var descending = new bool[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            var order = orders switch { JsonataArray list => k < list.Count ? list[k] : null, _ => orders };
            descending[k] = order switch
            {
                null or "asc" => false,
                "desc" => true,
                _ => throw ExtensionValues.Error("D3231", "$orderBy: an order must be \"asc\" or \"desc\"", order),
            };
        }
        var rows = new (object?[] Keys, int Index)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var values = new object?[keys.Length];
            for (var k = 0; k < keys.Length; k++) values[k] = KeyOf(context, keys[k], items[i], i, items);
            rows[i] = (values, i);
        }
        Array.Sort(rows, (x, y) =>
        {
            for (var k = 0; k < keys.Length; k++)
            {
                var c = CompareKeys(x.Keys[k], y.Keys[k]);
                if (c != 0) return descending[k] && Rank(x.Keys[k]) < 4 && Rank(y.Keys[k]) < 4 ? -c : c;
            }
            return x.Index.CompareTo(y.Index); // stable
        });
        var result = new JsonataArray(items.Count);
        foreach (var row in rows) result.Add(items[row.Index]);
        return result;
    }

    // Numbers, then strings, then booleans, then anything else; undefined/null always last (lodash keeps them last).
    private static int Rank(object? value) => value switch
    {
        double => 0,
        string => 1,
        bool => 2,
        null or JsonataNull => 4,
        _ => 3,
    };

    private static int CompareKeys(object? x, object? y)
    {
        var rank = Rank(x).CompareTo(Rank(y));
        if (rank != 0) return rank;
        return (x, y) switch
        {
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            _ => 0,
        };
    }

    private static object? Find(JsonataCallContext context, JsonataArray items, object predicate)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var found = predicate is JsonataFunction f
                ? ValueSemantics.IsTruthy(ExtensionValues.Call(context, f, items[i], i, items))
                : Matches(items[i], (JsonataObject)predicate);
            if (found) return items[i];
        }
        return null;
    }

    private static bool Matches(object? item, JsonataObject pattern)
    {
        if (item is not JsonataObject o) return false;
        foreach (var (key, expected) in pattern)
        {
            if (!o.TryGetValue(key, out var actual) || !ValueSemantics.DeepEquals(actual, expected)) return false;
        }
        return true;
    }

    private static JsonataArray Flatten(JsonataArray items, double depth)
    {
        var result = new JsonataArray(items.Count);
        Append(result, items, double.IsNaN(depth) ? 0 : depth);
        return result;

        static void Append(JsonataArray target, JsonataArray source, double remaining)
        {
            foreach (var item in source)
            {
                if (item is JsonataArray nested && remaining >= 1) Append(target, nested, remaining - 1);
                else target.Add(item);
            }
        }
    }

    private static JsonataArray Chunk(JsonataArray items, double size)
    {
        if (!(size >= 1) || double.IsInfinity(size)) // NaN, < 1: no chunks, like lodash
        {
            return size >= 1 ? new JsonataArray { new JsonataArray(items) } : [];
        }
        var width = (int)Math.Min(size, int.MaxValue);
        var result = new JsonataArray(items.Count / width + 1);
        for (var i = 0; i < items.Count; i += width)
        {
            result.Add(new JsonataArray(items.GetRange(i, Math.Min(width, items.Count - i))));
        }
        return result;
    }

    private static JsonataArray Uniq(JsonataArray items)
    {
        var result = new JsonataArray(items.Count);
        foreach (var item in items)
        {
            if (!result.Exists(seen => ValueSemantics.DeepEquals(seen, item))) result.Add(item);
        }
        return result;
    }

    private static JsonataArray Difference(JsonataArray items, IEnumerable<object?> others)
    {
        var excluded = others.OfType<JsonataArray>().SelectMany(a => a).ToList();
        return Filter(items, item => !excluded.Exists(other => ValueSemantics.DeepEquals(other, item)))!;
    }
}
