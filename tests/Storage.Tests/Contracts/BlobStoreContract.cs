using Serverless.Core.Storage;
using Xunit;

namespace Serverless.Storage.Tests.Contracts;

/// <summary>The behaviour every <see cref="IBlobStore"/> backend must show. Each test uses its own container.</summary>
public abstract class BlobStoreContract
{
    protected abstract Task<IBlobStore> CreateStoreAsync();

    [Fact]
    public async Task Put_then_get_returns_the_bytes_and_the_etag()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        byte[] content = [0, 1, 2, 255, 0, 128, 10, 13];

        var etag = await store.PutAsync(container, "payload.bin", content);

        var blob = await store.GetAsync(container, "payload.bin");
        Assert.NotNull(blob);
        Assert.Equal("payload.bin", blob.Name);
        Assert.Equal(content, blob.Content.ToArray());
        Assert.Equal(etag, blob.ETag);
    }

    [Fact]
    public async Task Get_of_a_missing_blob_returns_null()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        Assert.Null(await store.GetAsync(container, "missing"));
        await store.PutAsync(container, "present", new byte[] { 1 });
        Assert.Null(await store.GetAsync(container, "missing"));
    }

    [Fact]
    public async Task Empty_and_one_megabyte_blobs_round_trip()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var large = new byte[1024 * 1024];
        new Random(42).NextBytes(large);

        await store.PutAsync(container, "empty", ReadOnlyMemory<byte>.Empty);
        await store.PutAsync(container, "large", large);

        Assert.Equal(0, (await store.GetAsync(container, "empty"))?.Content.Length);
        Assert.Equal(large, (await store.GetAsync(container, "large"))?.Content.ToArray());
    }

    [Fact]
    public async Task Put_without_conditions_overwrites_and_changes_the_etag()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var first = await store.PutAsync(container, "b", new byte[] { 1 });

        var second = await store.PutAsync(container, "b", new byte[] { 2, 2 });

        Assert.NotEqual(first, second);
        var blob = await store.GetAsync(container, "b");
        Assert.NotNull(blob);
        Assert.Equal(new byte[] { 2, 2 }, blob.Content.ToArray());
        Assert.Equal(second, blob.ETag);
    }

    [Fact]
    public async Task Put_with_the_current_etag_succeeds()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var first = await store.PutAsync(container, "b", new byte[] { 1 });

        var second = await store.PutAsync(container, "b", new byte[] { 2 }, ifMatch: first);

        Assert.NotEqual(first, second);
        Assert.Equal(new byte[] { 2 }, (await store.GetAsync(container, "b"))?.Content.ToArray());
    }

    [Fact]
    public async Task Put_with_a_stale_etag_throws_conflict_and_keeps_the_content()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var stale = await store.PutAsync(container, "b", new byte[] { 1 });
        var current = await store.PutAsync(container, "b", new byte[] { 2 });

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.PutAsync(container, "b", new byte[] { 3 }, ifMatch: stale));

        var blob = await store.GetAsync(container, "b");
        Assert.Equal(new byte[] { 2 }, blob?.Content.ToArray());
        Assert.Equal(current, blob?.ETag);
    }

    [Fact]
    public async Task Put_with_an_etag_on_a_missing_blob_throws_conflict()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var etag = await store.PutAsync(container, "other", new byte[] { 1 });

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.PutAsync(container, "missing", new byte[] { 3 }, ifMatch: etag));
        Assert.Null(await store.GetAsync(container, "missing"));
    }

    [Fact]
    public async Task Put_if_none_exists_creates_a_missing_blob_and_refuses_an_existing_one()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();

        var etag = await store.PutAsync(container, "once", new byte[] { 1 }, ifNoneExists: true);

        await Assert.ThrowsAsync<DocumentConflictException>(() => store.PutAsync(container, "once", new byte[] { 2 }, ifNoneExists: true));
        var blob = await store.GetAsync(container, "once");
        Assert.Equal(new byte[] { 1 }, blob?.Content.ToArray());
        Assert.Equal(etag, blob?.ETag);
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_reports_whether_it_existed()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        await store.PutAsync(container, "b", new byte[] { 1 });

        Assert.True(await store.DeleteAsync(container, "b"));
        Assert.Null(await store.GetAsync(container, "b"));
        Assert.False(await store.DeleteAsync(container, "b"));
        Assert.False(await store.DeleteAsync(UniqueNames.Container(), "b"));
    }

    [Fact]
    public async Task Containers_are_isolated_and_names_may_hold_slashes_and_unicode()
    {
        var store = await CreateStoreAsync();
        var a = UniqueNames.Container();
        var b = UniqueNames.Container();
        const string name = "runs/2024-01-01/ünïcødé 😀.json";

        await store.PutAsync(a, name, "from a"u8.ToArray());
        await store.PutAsync(b, name, "from b"u8.ToArray());

        Assert.Equal("from a"u8.ToArray(), (await store.GetAsync(a, name))?.Content.ToArray());
        Assert.Equal("from b"u8.ToArray(), (await store.GetAsync(b, name))?.Content.ToArray());
        Assert.Equal(name, (await store.GetAsync(a, name))?.Name);
    }

    [Fact]
    public async Task Concurrent_conditional_puts_with_the_same_etag_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var container = UniqueNames.Container();
        var etag = await store.PutAsync(container, "lock", new byte[] { 0 });
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await store.PutAsync(container, "lock", new[] { (byte)i }, ifMatch: etag);
                return i;
            }
            catch (DocumentConflictException)
            {
                return 0;
            }
        })).ToList();
        start.Set();

        var winner = Assert.Single(await Task.WhenAll(attempts), i => i != 0);
        Assert.Equal(new[] { (byte)winner }, (await store.GetAsync(container, "lock"))?.Content.ToArray());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("under_score")]
    public async Task Invalid_container_names_are_refused(string container)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(container, "b", new byte[] { 1 }));
    }
}
