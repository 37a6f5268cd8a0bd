using System.Diagnostics;
using System.Globalization;

namespace Serverless.Core.Durable.Sqlite;

/// <summary>
/// Who holds a lock: <c>machine/pid/process start (ms)/random</c>. Every process renews the locks it holds as one
/// lease; a lock whose owner is provably dead (same machine, its process gone or replaced) is taken back at start
/// instead of waiting for the lease to expire, so a restarted server resumes at once.
/// </summary>
internal sealed record LockOwner(string Machine, int ProcessId, long ProcessStartMilliseconds, string Nonce)
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    public static LockOwner ForThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        return new LockOwner(
            Environment.MachineName,
            Environment.ProcessId,
            StartMilliseconds(process),
            Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6)));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Machine}/{ProcessId}/{ProcessStartMilliseconds}/{Nonce}");

    public static LockOwner? TryParse(string value)
    {
        var parts = value.Split('/');
        return parts.Length == 4
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new LockOwner(parts[0], pid, start, parts[3])
                : null;
    }

    /// <summary>
    /// True only when <paramref name="other"/> ran on this machine and its process no longer exists (or its id now
    /// belongs to a process started at another time). Owners on other machines are never judged: their leases expire.
    /// </summary>
    public bool ProvesDead(LockOwner other)
    {
        if (other.Machine != Machine || other == this)
        {
            return false;
        }

        if (other.ProcessId == ProcessId)
        {
            // Same process id, other incarnation (e.g. PID 1 of a restarted container), or another engine in this
            // very process, which is alive.
            return !SameStart(other.ProcessStartMilliseconds, ProcessStartMilliseconds);
        }

        try
        {
            using var process = Process.GetProcessById(other.ProcessId);
            return !SameStart(other.ProcessStartMilliseconds, StartMilliseconds(process));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            // Exited between the lookup and the read.
            return true;
        }
    }

    private static bool SameStart(long a, long b) => Math.Abs(a - b) <= StartTimeTolerance.TotalMilliseconds;

    private static long StartMilliseconds(Process process) =>
        new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
}
