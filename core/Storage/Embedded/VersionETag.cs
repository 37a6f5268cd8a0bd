using System.Globalization;

namespace Serverless.Core.Storage.Embedded;

/// <summary>ETags of the embedded stores: the row's version from the database-wide counter, as <c>W/"&lt;n&gt;"</c>.</summary>
internal static class VersionETag
{
    public static string Format(long version) => string.Create(CultureInfo.InvariantCulture, $"W/\"{version}\"");

    /// <summary>The version an ETag names; -1 (matches nothing) for an ETag this backend did not produce.</summary>
    public static long Parse(string etag)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return etag.Length > 4 && etag.StartsWith("W/\"", StringComparison.Ordinal) && etag[^1] == '"'
            && long.TryParse(etag.AsSpan(3, etag.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}
