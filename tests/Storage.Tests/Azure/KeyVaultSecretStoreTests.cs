using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Storage;
using Serverless.Functions.Storage.Azure;
using Serverless.Storage.Tests.Contracts;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>Key Vault specifics beyond the contract: the bearer challenge and soft delete.</summary>
public sealed class KeyVaultSecretStoreTests(KeyVaultFake vault) : IClassFixture<KeyVaultFake>
{
    [Fact]
    public async Task The_client_answers_the_vault_challenge_with_a_token_for_the_vault_scope()
    {
        var store = new KeyVaultSecretStore(vault.CreateClient());

        await store.SetAsync(UniqueNames.Secret(), "v");

        Assert.True(vault.UnauthenticatedRequests > 0);
        Assert.Contains("https://vault.azure.net/.default", vault.Credential.RequestedScopes);
    }

    [Fact]
    public async Task Delete_purges_so_that_nothing_lingers_as_deleted()
    {
        var store = new KeyVaultSecretStore(vault.CreateClient(), purgeDeleted: true);
        var name = UniqueNames.Secret();
        await store.SetAsync(name, "v");
        var purgesBefore = vault.Purges;

        Assert.True(await store.DeleteAsync(name));

        Assert.False(vault.IsDeleted(name));
        Assert.Equal(purgesBefore + 1, vault.Purges);
    }

    [Fact]
    public async Task Without_purge_a_deleted_secret_lingers_and_setting_it_again_recovers_then_overwrites()
    {
        var store = new KeyVaultSecretStore(vault.CreateClient(), purgeDeleted: false);
        var name = UniqueNames.Secret();
        await store.SetAsync(name, "first");

        Assert.True(await store.DeleteAsync(name));
        Assert.True(vault.IsDeleted(name));
        Assert.Null(await store.GetAsync(name));

        await store.SetAsync(name, "second");
        Assert.Equal("second", await store.GetAsync(name));
        Assert.False(vault.IsDeleted(name));
    }

    [Fact]
    public async Task Add_azure_storage_registers_the_key_vault_store_when_a_vault_is_configured()
    {
        await using var provider = new ServiceCollection().AddAzureStorage(vault.Options).BuildServiceProvider();

        var secrets = provider.GetRequiredService<ISecretStore>();
        var name = UniqueNames.Secret();
        await secrets.SetAsync(name, "through di");

        Assert.IsType<KeyVaultSecretStore>(secrets);
        Assert.Equal("through di", await secrets.GetAsync(name));
    }
}
