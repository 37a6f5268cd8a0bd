using Serverless.Core.Storage;
using Xunit;

namespace Serverless.Storage.Tests.Contracts;

/// <summary>The behaviour every <see cref="ISecretStore"/> backend must show. Each test uses its own secret names.</summary>
public abstract class SecretStoreContract
{
    protected abstract Task<ISecretStore> CreateStoreAsync();

    [Fact]
    public async Task Set_then_get_returns_the_value()
    {
        var store = await CreateStoreAsync();
        var name = UniqueNames.Secret();

        await store.SetAsync(name, "s3cr3t-value");

        Assert.Equal("s3cr3t-value", await store.GetAsync(name));
    }

    [Fact]
    public async Task Get_of_a_missing_secret_returns_null()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync(UniqueNames.Secret()));
    }

    [Fact]
    public async Task Set_overwrites_an_existing_value()
    {
        var store = await CreateStoreAsync();
        var name = UniqueNames.Secret();
        await store.SetAsync(name, "first");

        await store.SetAsync(name, "second");

        Assert.Equal("second", await store.GetAsync(name));
    }

    [Fact]
    public async Task Delete_removes_the_secret_and_reports_whether_it_existed()
    {
        var store = await CreateStoreAsync();
        var name = UniqueNames.Secret();
        await store.SetAsync(name, "value");

        Assert.True(await store.DeleteAsync(name));
        Assert.Null(await store.GetAsync(name));
        Assert.False(await store.DeleteAsync(name));
    }

    [Fact]
    public async Task A_deleted_secret_can_be_set_again()
    {
        var store = await CreateStoreAsync();
        var name = UniqueNames.Secret();
        await store.SetAsync(name, "old");
        await store.DeleteAsync(name);

        await store.SetAsync(name, "new");

        Assert.Equal("new", await store.GetAsync(name));
    }

    [Fact]
    public async Task Secrets_are_independent_of_each_other()
    {
        var store = await CreateStoreAsync();
        var a = UniqueNames.Secret();
        var b = UniqueNames.Secret();

        await store.SetAsync(a, "value a");
        await store.SetAsync(b, "value b");
        await store.DeleteAsync(b);

        Assert.Equal("value a", await store.GetAsync(a));
        Assert.Null(await store.GetAsync(b));
    }

    [Fact]
    public async Task Unicode_and_long_values_round_trip()
    {
        var store = await CreateStoreAsync();
        var unicode = UniqueNames.Secret();
        var json = UniqueNames.Secret();
        var tokenJson = "{\"access_token\":\"" + new string('x', 8000) + "\",\"note\":\"Grüße 世界 😀\"}";

        await store.SetAsync(unicode, "pässwörd-日本-😀\n\"quoted\"");
        await store.SetAsync(json, tokenJson);

        Assert.Equal("pässwörd-日本-😀\n\"quoted\"", await store.GetAsync(unicode));
        Assert.Equal(tokenJson, await store.GetAsync(json));
    }

    [Fact]
    public async Task Names_are_case_insensitive_like_key_vault()
    {
        var store = await CreateStoreAsync();
        var name = "Mixed-" + UniqueNames.Secret();

        await store.SetAsync(name, "value");

        Assert.Equal("value", await store.GetAsync(name.ToUpperInvariant()));
        Assert.True(await store.DeleteAsync(name.ToLowerInvariant()));
        Assert.Null(await store.GetAsync(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has_underscore")]
    [InlineData("has.dot")]
    [InlineData("has space")]
    public async Task Invalid_names_are_refused(string name)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(name, "value"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name));
    }
}
