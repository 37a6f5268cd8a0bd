using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Core.Storage.Embedded;
using Serverless.Storage.Tests.Azure;
using Serverless.Storage.Tests.Embedded;
using Xunit;

namespace Serverless.Storage.Tests.Platform;

/// <summary>
/// The account lookup by context value stays consistent with the accounts through create, update and delete, on
/// every document store (it reads index rows, never the whole environment).
/// </summary>
public abstract class AccountLookupContract
{
    protected abstract IDocumentStore Store { get; }

    /// <summary>The embedded secret store, as the Azure backend uses it without a Key Vault.</summary>
    protected abstract SqliteDatabase SecretsDatabase { get; }

    [Fact]
    public async Task Lookup_follows_create_update_and_delete()
    {
        var (accounts, environmentId) = await NewEnvironmentAsync();
        var install = Guid.CreateVersion7();
        var acme = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T1", ["seats"] = 5, ["nested"] = new JsonObject { ["x"] = "T1" } });

        Assert.Equal(acme.Id, (await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T1", default))?.Value.Id);
        // Non-string scalars compare as their JSON text; objects never match.
        Assert.Equal(acme.Id, (await accounts.FindByContextValueAsync(environmentId, install, "seats", "5", default))?.Value.Id);
        Assert.Null(await accounts.FindByContextValueAsync(environmentId, install, "nested", "T1", default));
        // Another installation's webhook does not see the account.
        Assert.Null(await accounts.FindByContextValueAsync(environmentId, Guid.CreateVersion7(), "team_id", "T1", default));

        var stored = (await accounts.GetAsync(environmentId, acme.Id, default))!;
        await accounts.UpdateAsync(stored, stored.Value with { Context = new JsonObject { ["team_id"] = "T2", ["seats"] = 5 } }, new Dictionary<string, string>(), default);

        Assert.Null(await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T1", default));
        Assert.Equal(acme.Id, (await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T2", default))?.Value.Id);
        Assert.Equal(acme.Id, (await accounts.FindByContextValueAsync(environmentId, install, "seats", "5", default))?.Value.Id);

        await accounts.DeleteAsync((await accounts.GetAsync(environmentId, acme.Id, default))!, default);

        Assert.Null(await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T2", default));
        Assert.Empty((await Store.QueryPrefixAsync("integratedaccounts", PlatformPartitions.Of(environmentId), "l:", 100)).Documents);
    }

    [Fact]
    public async Task Lookup_rows_and_hints_stay_out_of_account_listings()
    {
        var (accounts, environmentId) = await NewEnvironmentAsync();
        var install = Guid.CreateVersion7();
        var created = new[]
        {
            await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T1", ["region"] = "eu" }),
            await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T2", ["region"] = "eu" }),
        };

        var page = await accounts.ListAsync(environmentId, 100, null, null, default);

        Assert.Equal(created.Select(a => a.Id), page.Items.Select(a => a.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Two_accounts_with_one_value_find_the_oldest_then_the_other_once_it_changes()
    {
        var (accounts, environmentId) = await NewEnvironmentAsync();
        var install = Guid.CreateVersion7();
        var first = await CreateAsync(accounts, environmentId, install, new JsonObject { ["shop"] = "acme.example" });
        var second = await CreateAsync(accounts, environmentId, install, new JsonObject { ["shop"] = "acme.example" });

        Assert.Equal(first.Id, (await accounts.FindByContextValueAsync(environmentId, install, "shop", "acme.example", default))?.Value.Id);

        var stored = (await accounts.GetAsync(environmentId, first.Id, default))!;
        await accounts.UpdateAsync(stored, stored.Value with { Context = new JsonObject { ["shop"] = "other.example" } }, new Dictionary<string, string>(), default);

        Assert.Equal(second.Id, (await accounts.FindByContextValueAsync(environmentId, install, "shop", "acme.example", default))?.Value.Id);
    }

    [Fact]
    public async Task A_stale_hint_falls_back_to_the_rows_and_is_repaired()
    {
        var (accounts, environmentId) = await NewEnvironmentAsync();
        var install = Guid.CreateVersion7();
        var first = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T1" });
        var second = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T1" });
        // The hint names the first account, which is deleted: the lookup finds the second through the rows.
        await accounts.DeleteAsync((await accounts.GetAsync(environmentId, first.Id, default))!, default);

        Assert.Equal(second.Id, (await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T1", default))?.Value.Id);
        var hint = Assert.Single((await Store.QueryPrefixAsync("integratedaccounts", PlatformPartitions.Of(environmentId), "k:", 100)).Documents);
        Assert.Contains(second.Id.ToString(), hint.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_left_behind_by_a_crash_is_skipped()
    {
        var (accounts, environmentId) = await NewEnvironmentAsync();
        var install = Guid.CreateVersion7();
        var account = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "T1" });
        var rows = (await Store.QueryPrefixAsync("integratedaccounts", PlatformPartitions.Of(environmentId), "l:", 100)).Documents;
        // The process died after replacing the document and before removing the row of the old value.
        var stored = (await accounts.GetAsync(environmentId, account.Id, default))!;
        await accounts.UpdateAsync(stored, stored.Value with { Context = new JsonObject { ["team_id"] = "T9" } }, new Dictionary<string, string>(), default);
        await Store.UpsertAsync("integratedaccounts", PlatformPartitions.Of(environmentId), Assert.Single(rows).RowKey, "{}");

        Assert.Null(await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T1", default));
        Assert.Equal(account.Id, (await accounts.FindByContextValueAsync(environmentId, install, "team_id", "T9", default))?.Value.Id);
    }

    [Fact]
    public async Task Accounts_stored_before_the_index_existed_are_indexed_by_the_first_lookup()
    {
        var accounts = NewRepository();
        // An environment of an earlier version: accounts without lookup rows, and no marker.
        var environmentId = Guid.CreateVersion7();
        var install = Guid.CreateVersion7();
        var partition = PlatformPartitions.Of(environmentId);
        var legacy = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "OLD" });
        var later = await CreateAsync(accounts, environmentId, install, new JsonObject { ["team_id"] = "OLD" });
        foreach (var row in (await Store.QueryPrefixAsync("integratedaccounts", partition, "k:", 100)).Documents
            .Concat((await Store.QueryPrefixAsync("integratedaccounts", partition, "l:", 100)).Documents))
        {
            await Store.DeleteAsync("integratedaccounts", partition, row.RowKey);
        }

        Assert.Equal(legacy.Id, (await accounts.FindByContextValueAsync(environmentId, install, "team_id", "OLD", default))?.Value.Id);
        Assert.Equal(2, (await Store.QueryPrefixAsync("integratedaccounts", partition, "l:", 100)).Documents.Count);
        Assert.Single((await Store.QueryPrefixAsync("integratedaccounts", partition, "k:", 100)).Documents);
        Assert.NotEqual(legacy.Id, later.Id);
        Assert.NotNull(await Store.GetAsync("integratedaccounts", partition, "x:lookup-index-complete"));
    }

    private IntegratedAccountRepository NewRepository() =>
        new(Store, new EncryptedSecretStore(SecretsDatabase, RandomNumberGenerator.GetBytes(SecretsKey.SizeInBytes)), new ObjectLocator(Store), TimeProvider.System);

    private async Task<(IntegratedAccountRepository Accounts, Guid EnvironmentId)> NewEnvironmentAsync()
    {
        var environment = await new EnvironmentRepository(Store, TimeProvider.System).CreateAsync("lookup-" + Guid.NewGuid().ToString("N"), default);
        return (NewRepository(), environment.Id);
    }

    private static Task<IntegratedAccountRecord> CreateAsync(IntegratedAccountRepository accounts, Guid environmentId, Guid install, JsonObject context)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new IntegratedAccountRecord(SequentialUuid.Next(now), environmentId, install, Guid.CreateVersion7(), "acme", "tenant", "api_key", "active", context, [], now, now);
        return accounts.CreateAsync(record, new Dictionary<string, string>(), default);
    }
}

public sealed class SqliteAccountLookupTests(EmbeddedDatabaseFixture fixture) : AccountLookupContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override IDocumentStore Store { get; } = new SqliteDocumentStore(fixture.Database);

    protected override SqliteDatabase SecretsDatabase => fixture.Database;
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableAccountLookupTests(AzuriteFixture azurite, EmbeddedDatabaseFixture secrets) : AccountLookupContract, IClassFixture<EmbeddedDatabaseFixture>
{
    protected override IDocumentStore Store { get; } = new Serverless.Functions.Storage.Azure.AzureTableDocumentStore(azurite.Clients.Tables);

    protected override SqliteDatabase SecretsDatabase => secrets.Database;
}
