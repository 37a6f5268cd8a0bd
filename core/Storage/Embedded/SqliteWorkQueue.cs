using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// <see cref="IWorkQueue"/> on the embedded SQLite database. A message is hidden by moving its <c>visible_at</c>
/// into the future; each receive stamps a fresh random receipt, which later calls must present.
/// Bodies are not size-limited here; compose with <see cref="BlobBackedWorkQueue"/> for the shared contract.
/// </summary>
internal sealed partial class SqliteWorkQueue : IWorkQueue, IWorkQueueArrivals
{
    private readonly QueueArrivalSignals _arrivals = new();
    private readonly SqliteDatabase _database;
    private readonly WorkQueueOptions _options;
    private readonly ILogger _logger;

    public SqliteWorkQueue(SqliteDatabase database, WorkQueueOptions? options = null, ILogger<SqliteWorkQueue>? logger = null)
    {
        _database = database;
        _options = options ?? new WorkQueueOptions();
        _logger = logger ?? NullLogger<SqliteWorkQueue>.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDequeueCount, 1, nameof(options));
    }

    public async Task EnqueueAsync(string queue, string message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentNullException.ThrowIfNull(message);
        var delayMs = ToMilliseconds(delay ?? TimeSpan.Zero, nameof(delay));
        await _database.WriteStatementAsync((connection, transaction) =>
        {
            var now = _database.NowMilliseconds();
            Insert(connection, transaction, queue, message, now, now + delayMs);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        if (delayMs == 0)
        {
            _arrivals.Arrived(queue);
        }
    }

    public Task NextArrival(string queue) => _arrivals.Next(queue);

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateQueue(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var timeoutMs = ToMilliseconds(visibilityTimeout, nameof(visibilityTimeout));
        // Idle pollers are the common case: answer them from a read, without queueing for the write lock.
        if (!await AnyVisibleAsync(queue, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var (received, poisoned) = await _database.WriteAsync((connection, transaction) =>
        {
            var now = _database.NowMilliseconds();
            var messages = new List<QueueMessage>(maxMessages);
            var poisonedIds = new List<string>();
            // Poisoned candidates free their slots, so look again while a round poisoned something. Messages taken
            // in an earlier round are skipped: with a zero timeout they are still visible.
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var poisonedThisRound = true;
            while (messages.Count < maxMessages && poisonedThisRound)
            {
                poisonedThisRound = false;
                var candidates = Visible(connection, transaction, queue, now, maxMessages - messages.Count + taken.Count);
                foreach (var candidate in candidates)
                {
                    if (messages.Count == maxMessages || taken.Contains(candidate.Id))
                    {
                        continue;
                    }

                    if (candidate.DequeueCount >= _options.MaxDequeueCount)
                    {
                        MoveToPoison(connection, transaction, candidate, now);
                        poisonedIds.Add(candidate.Id);
                        poisonedThisRound = true;
                        continue;
                    }

                    var receipt = NewReceipt();
                    Execute(connection, transaction,
                        "UPDATE queue_messages SET receipt = $receipt, visible_at = $visible, dequeue_count = dequeue_count + 1 WHERE id = $id;",
                        ("$receipt", receipt), ("$visible", now + timeoutMs), ("$id", long.Parse(candidate.Id, CultureInfo.InvariantCulture)));
                    taken.Add(candidate.Id);
                    messages.Add(candidate with { PopReceipt = receipt, DequeueCount = candidate.DequeueCount + 1 });
                }
            }

            return (messages, poisonedIds);
        }, cancellationToken).ConfigureAwait(false);

        foreach (var id in poisoned)
        {
            LogPoisoned(_logger, queue, id, _options.MaxDequeueCount, WorkQueueOptions.PoisonQueueOf(queue));
        }

        return received;
    }

    public async Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        var id = ParseId(message);
        var deleted = await _database.WriteStatementAsync((connection, transaction) => Execute(connection, transaction,
            "DELETE FROM queue_messages WHERE id = $id AND queue = $queue AND receipt = $receipt;",
            ("$id", id), ("$queue", message.Queue), ("$receipt", message.PopReceipt)), cancellationToken).ConfigureAwait(false);
        ThrowIfStale(deleted, message);
    }

    public async Task<QueueMessage> RenewAsync(QueueMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var id = ParseId(message);
        var timeoutMs = ToMilliseconds(visibilityTimeout, nameof(visibilityTimeout));
        var receipt = NewReceipt();
        var updated = await _database.WriteStatementAsync((connection, transaction) => Execute(connection, transaction,
            "UPDATE queue_messages SET receipt = $new, visible_at = $visible WHERE id = $id AND queue = $queue AND receipt = $receipt;",
            ("$new", receipt), ("$visible", _database.NowMilliseconds() + timeoutMs), ("$id", id), ("$queue", message.Queue), ("$receipt", message.PopReceipt)), cancellationToken).ConfigureAwait(false);
        ThrowIfStale(updated, message);
        return message with { PopReceipt = receipt };
    }

    public async Task AbandonAsync(QueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var id = ParseId(message);
        var delayMs = ToMilliseconds(delay ?? TimeSpan.Zero, nameof(delay));
        // Clearing the receipt makes the abandoning holder's receipt stale, as a fresh receipt would.
        var updated = await _database.WriteStatementAsync((connection, transaction) => Execute(connection, transaction,
            "UPDATE queue_messages SET receipt = NULL, visible_at = $visible WHERE id = $id AND queue = $queue AND receipt = $receipt;",
            ("$visible", _database.NowMilliseconds() + delayMs), ("$id", id), ("$queue", message.Queue), ("$receipt", message.PopReceipt)), cancellationToken).ConfigureAwait(false);
        ThrowIfStale(updated, message);
        if (delayMs == 0)
        {
            _arrivals.Arrived(message.Queue);
        }
    }

    private async Task<bool> AnyVisibleAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM queue_messages WHERE queue = $queue AND visible_at <= $now);";
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$now", _database.NowMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! != 0;
    }

    private static List<QueueMessage> Visible(SqliteConnection connection, SqliteTransaction transaction, string queue, long now, int limit)
    {
        var command = connection.Reused(transaction, "SELECT id, body, dequeue_count, inserted_at FROM queue_messages WHERE queue = $queue AND visible_at <= $now ORDER BY visible_at, id LIMIT $limit;");
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var messages = new List<QueueMessage>(limit);
        while (reader.Read())
        {
            messages.Add(new QueueMessage(
                queue,
                reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
                "",
                reader.GetString(1),
                reader.GetInt32(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return messages;
    }

    /// <summary>Moves a message to the poison queue in the receive's transaction, so it is never lost nor doubled.</summary>
    private static void MoveToPoison(SqliteConnection connection, SqliteTransaction transaction, QueueMessage message, long now)
    {
        Insert(connection, transaction, WorkQueueOptions.PoisonQueueOf(message.Queue), message.Body, now, now);
        Execute(connection, transaction, "DELETE FROM queue_messages WHERE id = $id;", ("$id", long.Parse(message.Id, CultureInfo.InvariantCulture)));
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string queue, string body, long now, long visibleAt)
        => Execute(connection, transaction,
            "INSERT INTO queue_messages (queue, body, inserted_at, visible_at, dequeue_count) VALUES ($queue, $body, $now, $visible, 0);",
            ("$queue", queue), ("$body", body), ("$now", now), ("$visible", visibleAt));

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.Reused(transaction, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static long ParseId(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        StorageNames.ValidateQueue(message.Queue, nameof(message));
        return long.TryParse(message.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new MessageReceiptExpiredException($"Message '{message.Id}' of queue '{message.Queue}' was not issued by this queue.");
    }

    private static void ThrowIfStale(int affected, QueueMessage message)
    {
        if (affected == 0)
        {
            throw new MessageReceiptExpiredException($"The receipt for message '{message.Id}' of queue '{message.Queue}' is stale: the message was completed or received again.");
        }
    }

    private static long ToMilliseconds(TimeSpan value, string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, parameterName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromDays(7), parameterName);
        return (long)value.TotalMilliseconds;
    }

    private static string NewReceipt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} message {MessageId} was received {MaxDequeueCount} times without completing; moved to {PoisonQueue}.")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, int maxDequeueCount, string poisonQueue);
}
