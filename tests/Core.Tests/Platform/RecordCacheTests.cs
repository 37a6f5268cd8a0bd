using Serverless.Core.Platform;
using Xunit;

namespace Serverless.Core.Tests.Platform;

/// <summary>The repositories' short-lived cache: a write's eviction always wins over a read that was under way.</summary>
public sealed class RecordCacheTests
{
    [Fact]
    public async Task A_kept_value_is_served_without_reading_until_its_key_is_evicted()
    {
        var cache = new RecordCache<string, string>();
        var reads = 0;
        Task<string?> Read(string value, CancellationToken _) { reads++; return Task.FromResult<string?>(value); }

        Assert.Equal("v1", await cache.GetOrReadAsync("k", "v1", Read, default));
        Assert.Equal("v1", await cache.GetOrReadAsync("k", "v2", Read, default));
        cache.Evict("k");
        Assert.Equal("v2", await cache.GetOrReadAsync("k", "v2", Read, default));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_value_read_while_its_key_was_evicted_is_returned_but_not_kept()
    {
        var cache = new RecordCache<string, string>();
        var reading = new TaskCompletionSource<string?>();
        var stale = cache.GetOrReadAsync("k", reading, (source, _) => source.Task, default);

        // The write lands and evicts while the old value is still on its way.
        cache.Evict("k");
        reading.SetResult("old");

        Assert.Equal("old", await stale);
        Assert.Equal("new", await cache.GetOrReadAsync("k", "new", (value, _) => Task.FromResult<string?>(value), default));
    }

    [Fact]
    public async Task Missing_records_are_read_every_time()
    {
        var cache = new RecordCache<string, string>();
        var reads = 0;
        Task<string?> Read(int _, CancellationToken __) { reads++; return Task.FromResult<string?>(null); }

        Assert.Null(await cache.GetOrReadAsync("k", 0, Read, default));
        Assert.Null(await cache.GetOrReadAsync("k", 0, Read, default));
        Assert.Equal(2, reads);
    }
}
