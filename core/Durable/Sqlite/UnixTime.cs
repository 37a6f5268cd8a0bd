namespace Serverless.Core.Durable.Sqlite;

/// <summary>DTFx's UTC <see cref="DateTime"/>s as the store's millisecond columns, and back.</summary>
internal static class UnixTime
{
    public static long ToMilliseconds(DateTime value) =>
        (long)((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value) - DateTime.UnixEpoch).TotalMilliseconds;

    public static DateTime ToDateTime(long milliseconds) => DateTime.UnixEpoch.AddMilliseconds(milliseconds);

    public static DateTime ToDateTime(long? milliseconds) => milliseconds is { } value ? ToDateTime(value) : default;
}
