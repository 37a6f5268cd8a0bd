using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

public sealed class EncryptedSecretStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, EmbeddedStorageOptions.DatabaseFileName);

    private string KeyFilePath => Path.Combine(_directory.Path, EmbeddedStorageOptions.SecretsKeyFileName);

    [Fact]
    public async Task Without_a_configured_key_a_key_file_is_created_owner_only_and_reused()
    {
        using (var first = BuildProvider(null))
        {
            await first.GetRequiredService<ISecretStore>().SetAsync("api-key", "value-1");
        }

        Assert.True(File.Exists(KeyFilePath));
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(KeyFilePath)).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFilePath));
        }

        var keyBefore = await File.ReadAllTextAsync(KeyFilePath);
        using var second = BuildProvider(null);
        Assert.Equal("value-1", await second.GetRequiredService<ISecretStore>().GetAsync("api-key"));
        Assert.Equal(keyBefore, await File.ReadAllTextAsync(KeyFilePath));
    }

    [Fact]
    public async Task A_configured_key_is_used_instead_of_a_key_file()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using (var first = BuildProvider(key))
        {
            await first.GetRequiredService<ISecretStore>().SetAsync("api-key", "value-1");
        }

        Assert.False(File.Exists(KeyFilePath));
        using var second = BuildProvider(key);
        Assert.Equal("value-1", await second.GetRequiredService<ISecretStore>().GetAsync("api-key"));
    }

    [Fact]
    public async Task A_wrong_key_is_reported_clearly_before_any_secret_is_read_or_written()
    {
        using (var first = BuildProvider(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))
        {
            await first.GetRequiredService<ISecretStore>().SetAsync("api-key", "value-1");
        }

        using var second = BuildProvider(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var store = second.GetRequiredService<ISecretStore>();

        var error = await Assert.ThrowsAsync<SecretKeyMismatchException>(() => store.GetAsync("api-key"));
        Assert.Contains("SECRETS_KEY", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SecretKeyMismatchException>(() => store.SetAsync("other", "value-2"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_configured_key_is_refused_with_a_clear_message(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => SecretsKey.FromBase64(key));
        Assert.Contains("SECRETS_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_are_not_stored_in_plain_text_and_each_write_uses_a_fresh_nonce()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new EncryptedSecretStore(database, RandomNumberGenerator.GetBytes(32));
        const string value = "plain-text-canary-0123456789";

        await store.SetAsync("canary", value);
        var firstSealed = (byte[])(await EmbeddedDatabaseInspection.ScalarAsync(database, "SELECT sealed FROM secrets WHERE name = $p;", "canary"))!;
        await store.SetAsync("canary", value);
        var secondSealed = (byte[])(await EmbeddedDatabaseInspection.ScalarAsync(database, "SELECT sealed FROM secrets WHERE name = $p;", "canary"))!;

        Assert.NotEqual(firstSealed, secondSealed);
        Assert.Equal(-1, firstSealed.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        Assert.Equal(1 + 12 + 16 + value.Length, secondSealed.Length);
        Assert.Equal(value, await store.GetAsync("canary"));
    }

    [Fact]
    public async Task A_sealed_value_copied_to_another_name_does_not_open()
    {
        using var database = new SqliteDatabase(DatabasePath);
        var store = new EncryptedSecretStore(database, RandomNumberGenerator.GetBytes(32));
        await store.SetAsync("admin-password", "hunter2");
        await store.SetAsync("public-note", "hello");

        await EmbeddedDatabaseInspection.ExecuteAsync(database,
            "UPDATE secrets SET sealed = (SELECT sealed FROM secrets WHERE name = 'admin-password') WHERE name = 'public-note';");

        await Assert.ThrowsAsync<SecretKeyMismatchException>(() => store.GetAsync("public-note"));
        Assert.Equal("hunter2", await store.GetAsync("admin-password"));
    }

    [Fact]
    public async Task Two_processes_creating_the_key_file_at_once_agree_on_one_key()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SecretsKey.LoadOrCreateFile(KeyFilePath))));

        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Single(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void A_key_file_readable_by_others_is_reported_but_still_used()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var created = SecretsKey.LoadOrCreateFile(KeyFilePath);
        var logger = new CollectingLogger();
        SecretsKey.LoadOrCreateFile(KeyFilePath, logger);
        Assert.Empty(logger.Entries);

        File.SetUnixFileMode(KeyFilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var reloaded = SecretsKey.LoadOrCreateFile(KeyFilePath, logger);

        Assert.Equal(created, reloaded);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, level);
        Assert.Contains(KeyFilePath, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_key_file_is_reported_by_path()
    {
        File.WriteAllText(KeyFilePath, "garbage");

        var error = Assert.Throws<InvalidOperationException>(() => SecretsKey.LoadOrCreateFile(KeyFilePath));

        Assert.Contains(KeyFilePath, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private ServiceProvider BuildProvider(string? key) => new ServiceCollection()
        .AddEmbeddedStorage(o =>
        {
            o.DataDirectory = _directory.Path;
            o.SecretsKey = key;
        })
        .BuildServiceProvider();
}
