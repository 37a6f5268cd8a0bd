namespace Serverless.Core.Jsonata.Values;

/// <summary>
/// Boxes numbers, sharing one box per small non-negative integer. Ids, counts, indexes and status codes
/// are mostly small integers, and every number read from input or computed is an <c>object?</c>:
/// sharing their boxes removes one allocation per such value.
/// </summary>
internal static class BoxedNumber
{
    private const int CachedCount = 1024;
    private static readonly object[] Cache = CreateCache();

    public static object Of(double value)
    {
        // -0 passes the range check and equals 0, but must keep its sign: it gets its own box.
        if (value >= 0 && value < CachedCount)
        {
            var i = (int)value;
            if (i == value && !double.IsNegative(value))
            {
                return Cache[i];
            }
        }
        return value;
    }

    private static object[] CreateCache()
    {
        var cache = new object[CachedCount];
        for (var i = 0; i < cache.Length; i++)
        {
            cache[i] = (double)i;
        }
        return cache;
    }
}
