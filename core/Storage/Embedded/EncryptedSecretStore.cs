using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Serverless.Core.Storage.Embedded;

/// <summary>
/// <see cref="ISecretStore"/> in the embedded database, each value sealed with AES-256-GCM under a random 96-bit
/// nonce and bound to its secret's name (associated data), so a sealed value copied to another name fails to open.
/// </summary>
/// <remarks>
/// Names are case-insensitive, as in Key Vault. The database also holds a check value sealed under the key on first
/// use, so a wrong key is reported at once with <see cref="SecretKeyMismatchException"/> rather than as garbage.
/// Stored layout: format byte (1), nonce (12), tag (16), ciphertext.
/// </remarks>
public sealed class EncryptedSecretStore : ISecretStore
{
    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;
    private const string KeyCheckSetting = "secrets-key-check";
    private static readonly byte[] KeyCheckPlaintext = "serverless secrets key check v1"u8.ToArray();
    private static readonly byte[] KeyCheckAssociatedData = "setting:secrets-key-check"u8.ToArray();

    private readonly SqliteDatabase _database;
    private readonly byte[] _key;
    private readonly Lazy<Task> _keyCheck;

    /// <param name="key">The 256-bit key; see <see cref="SecretsKey"/>.</param>
    public EncryptedSecretStore(SqliteDatabase database, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != SecretsKey.SizeInBytes)
        {
            throw new ArgumentException($"The secrets key must be {SecretsKey.SizeInBytes} bytes.", nameof(key));
        }

        _database = database;
        _key = key.ToArray();
        _keyCheck = new Lazy<Task>(() => CheckKeyAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc/>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(name);
        ArgumentNullException.ThrowIfNull(value);
        await _keyCheck.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sealedValue = Seal(Encoding.UTF8.GetBytes(value), AssociatedData(normalized));
        await _database.WriteStatementAsync((connection, transaction) => Execute(connection, transaction,
            "INSERT INTO secrets (name, sealed, updated_at) VALUES ($name, $sealed, $now) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at;",
            normalized, sealedValue), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(name);
        await _keyCheck.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed FROM secrets WHERE name = $name;";
        command.Parameters.AddWithValue("$name", normalized);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not byte[] sealedValue)
        {
            return null;
        }

        var plaintext = Open(sealedValue, AssociatedData(normalized))
            ?? throw new SecretKeyMismatchException($"Secret '{normalized}' cannot be decrypted with the configured key: it was sealed with another key, or altered.");
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(name);
        return await _database.WriteStatementAsync((connection, transaction) => Execute(connection, transaction,
            "DELETE FROM secrets WHERE name = $name;", normalized, null) > 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckKeyAsync()
    {
        var stored = await _database.WriteAsync((connection, transaction) =>
        {
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT value FROM settings WHERE name = $name;";
            select.Parameters.AddWithValue("$name", KeyCheckSetting);
            if (select.ExecuteScalar() is byte[] existing)
            {
                return existing;
            }

            var check = Seal(KeyCheckPlaintext, KeyCheckAssociatedData);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO settings (name, value) VALUES ($name, $value);";
            insert.Parameters.AddWithValue("$name", KeyCheckSetting);
            insert.Parameters.Add("$value", SqliteType.Blob).Value = check;
            insert.ExecuteNonQuery();
            return check;
        }, CancellationToken.None).ConfigureAwait(false);

        var opened = Open(stored, KeyCheckAssociatedData);
        if (opened is null || !CryptographicOperations.FixedTimeEquals(opened, KeyCheckPlaintext))
        {
            throw new SecretKeyMismatchException(
                $"The configured secrets key does not match the key the secrets in '{_database.FilePath}' were sealed with. " +
                "Set SECRETS_KEY (or restore the key file in the data directory) to the original key.");
        }
    }

    private byte[] Seal(byte[] plaintext, byte[] associatedData)
    {
        var result = new byte[HeaderSize + plaintext.Length];
        result[0] = Format;
        var nonce = result.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, result.AsSpan(HeaderSize), result.AsSpan(1 + NonceSize, TagSize), associatedData);
        return result;
    }

    /// <summary>The plaintext, or <c>null</c> when the value does not authenticate under this key and name.</summary>
    private byte[]? Open(byte[] sealedValue, byte[] associatedData)
    {
        if (sealedValue.Length < HeaderSize || sealedValue[0] != Format)
        {
            return null;
        }

        var plaintext = new byte[sealedValue.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedValue.AsSpan(1, NonceSize), sealedValue.AsSpan(HeaderSize), sealedValue.AsSpan(1 + NonceSize, TagSize), plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static string Normalize(string name)
    {
        StorageNames.ValidateSecret(name);
        return name.ToLowerInvariant();
    }

    private static byte[] AssociatedData(string normalizedName) => Encoding.UTF8.GetBytes("secret:" + normalizedName);

    private int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, string name, byte[]? sealedValue)
    {
        var command = connection.Reused(transaction, sql);
        command.Parameters.AddWithValue("$name", name);
        if (sealedValue is not null)
        {
            command.Parameters.Add("$sealed", SqliteType.Blob).Value = sealedValue;
            command.Parameters.AddWithValue("$now", _database.NowMilliseconds());
        }

        return command.ExecuteNonQuery();
    }
}
