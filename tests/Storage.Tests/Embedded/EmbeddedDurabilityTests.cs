using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Embedded;

/// <summary>What one app instance wrote, a later one on the same data directory reads back.</summary>
public sealed class EmbeddedDurabilityTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task Documents_messages_blobs_and_secrets_survive_a_restart()
    {
        var large = new string('x', 60 * 1024) + "ünïcødé";
        string etag;
        using (var first = BuildProvider())
        {
            etag = await first.GetRequiredService<IDocumentStore>().InsertAsync("connections", "tenant-1", "github", """{"state":"active"}""");
            var queue = first.GetRequiredService<IWorkQueue>();
            await queue.EnqueueAsync("sync-steps", "small step");
            await queue.EnqueueAsync("sync-steps", large);
            await first.GetRequiredService<IBlobStore>().PutAsync("payloads", "run-1", "blob body"u8.ToArray());
            await first.GetRequiredService<ISecretStore>().SetAsync("github-token", "ghp_secret");
        }

        using var second = BuildProvider();
        var document = await second.GetRequiredService<IDocumentStore>().GetAsync("connections", "tenant-1", "github");
        Assert.NotNull(document);
        Assert.Equal(etag, document.ETag);
        Assert.Equal("""{"state":"active"}""", document.Json);
        var messages = await second.GetRequiredService<IWorkQueue>().ReceiveAsync("sync-steps", 10, TimeSpan.FromSeconds(30));
        Assert.Equal(["small step", large], messages.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.Equal("blob body", Encoding.UTF8.GetString((await second.GetRequiredService<IBlobStore>().GetAsync("payloads", "run-1"))!.Content.Span));
        Assert.Equal("ghp_secret", await second.GetRequiredService<ISecretStore>().GetAsync("github-token"));
    }

    [Fact]
    public async Task A_hidden_message_stays_hidden_across_a_restart_and_its_receipt_stays_valid()
    {
        QueueMessage received;
        using (var first = BuildProvider())
        {
            var queue = first.GetRequiredService<IWorkQueue>();
            await queue.EnqueueAsync("work", "in flight");
            received = Assert.Single(await queue.ReceiveAsync("work", 1, TimeSpan.FromMinutes(5)));
        }

        using var second = BuildProvider();
        var restarted = second.GetRequiredService<IWorkQueue>();
        Assert.Empty(await restarted.ReceiveAsync("work", 1, TimeSpan.FromMinutes(5)));
        await restarted.CompleteAsync(received);
        await Assert.ThrowsAsync<MessageReceiptExpiredException>(() => restarted.CompleteAsync(received));
    }

    [Fact]
    public async Task The_registrations_are_singletons_over_one_database()
    {
        using var provider = BuildProvider();

        Assert.Same(provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<IDocumentStore>());
        Assert.IsType<SqliteDocumentStore>(provider.GetRequiredService<IDocumentStore>());
        Assert.IsType<BlobBackedWorkQueue>(provider.GetRequiredService<IWorkQueue>());
        Assert.Same(provider.GetRequiredService<IBlobStore>(), provider.GetRequiredService<SqliteBlobStore>());
        Assert.IsType<EncryptedSecretStore>(provider.GetRequiredService<ISecretStore>());
        await provider.GetRequiredService<IDocumentStore>().UpsertAsync("probe", "p", "r", "{}");
        Assert.True(File.Exists(Path.Combine(_directory.Path, EmbeddedStorageOptions.DatabaseFileName)));
        Assert.Equal(provider.GetRequiredService<SqliteDatabase>().FilePath, Path.GetFullPath(Path.Combine(_directory.Path, EmbeddedStorageOptions.DatabaseFileName)));
    }

    [Fact]
    public async Task Queue_options_from_registration_apply_to_the_queue()
    {
        using var provider = new ServiceCollection()
            .AddEmbeddedStorage(o =>
            {
                o.DataDirectory = _directory.Path;
                o.Queue = new WorkQueueOptions { MaxDequeueCount = 1 };
                o.LargeMessages = new LargeMessageOptions { MaxInlineBytes = 16, Container = "small-bodies" };
            })
            .BuildServiceProvider();
        var queue = provider.GetRequiredService<IWorkQueue>();
        await queue.EnqueueAsync("jobs", "longer than sixteen bytes");

        var first = Assert.Single(await queue.ReceiveAsync("jobs", 1, TimeSpan.FromSeconds(30)));
        await queue.AbandonAsync(first);

        Assert.Empty(await queue.ReceiveAsync("jobs", 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("longer than sixteen bytes", Assert.Single(await queue.ReceiveAsync("jobs-poison", 1, TimeSpan.FromSeconds(30))).Body);
        Assert.Equal(1, await EmbeddedDatabaseInspection.CountBlobsAsync(provider.GetRequiredService<SqliteDatabase>(), "small-bodies"));
    }

    [Fact]
    public async Task A_new_data_directory_is_created_for_the_owner_only()
    {
        var dataDirectory = Path.Combine(_directory.Path, "fresh", "data");
        using var provider = new ServiceCollection().AddEmbeddedStorage(o => o.DataDirectory = dataDirectory).BuildServiceProvider();

        await provider.GetRequiredService<ISecretStore>().SetAsync("probe", "value");

        Assert.True(File.Exists(Path.Combine(dataDirectory, EmbeddedStorageOptions.DatabaseFileName)));
        Assert.True(File.Exists(Path.Combine(dataDirectory, EmbeddedStorageOptions.SecretsKeyFileName)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
        }
    }

    public void Dispose() => _directory.Dispose();

    private ServiceProvider BuildProvider() => new ServiceCollection()
        .AddEmbeddedStorage(o => o.DataDirectory = _directory.Path)
        .BuildServiceProvider();
}
