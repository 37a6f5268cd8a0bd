using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Platform;
using Serverless.Core.Storage;
using Serverless.Functions.Tests.Infrastructure;
using Xunit;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Literal secrets written in integration configs and environment overrides are kept in the secret store
/// (encrypted at rest), never in the stored documents; the platform still uses them as written.
/// </summary>
public sealed partial class ConfigSecretStorageTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string Secret = "whsec_kept_out_of_documents_7f3a";

    private PlatformServer Server => fixture.Server;

    private IDocumentStore Documents => Server.Services.GetRequiredService<IDocumentStore>();

    private ISecretStore Secrets => Server.Services.GetRequiredService<ISecretStore>();

    [Fact]
    public async Task An_integration_secret_is_stored_in_the_secret_store_rotated_on_write_and_removed_on_delete()
    {
        var created = (await Server.Client.PostJsonAsync("/integration", new JsonObject
        {
            ["name"] = TestData.Unique("sealed"),
            ["config"] = TestData.SignedConfig(Secret),
        })).Expect(HttpStatusCode.Created);
        var id = Guid.Parse(TestData.Id(created));
        var path = $"/integration/{id}";

        var document = await RawDocumentAsync("integrations", PlatformPartitions.Team, id);
        Assert.DoesNotContain(Secret, document, StringComparison.Ordinal);
        var first = Assert.Single(References(document));
        Assert.Equal(Secret, await Secrets.GetAsync(first));
        Assert.Equal(Secret, WebhookSecretOf((await Server.Services.GetRequiredService<IntegrationRepository>().GetAsync(id, default))!.Value.Config));

        // A PATCH that sends the mask back keeps the value, under a new name; the old one is removed.
        var read = (await Server.Client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        (await Server.Client.PatchJsonAsync(path, new JsonObject { ["config"] = read["config"]!.DeepClone() })).Expect(HttpStatusCode.OK);
        var second = Assert.Single(References(await RawDocumentAsync("integrations", PlatformPartitions.Team, id)));
        Assert.NotEqual(first, second);
        Assert.Null(await Secrets.GetAsync(first));
        Assert.Equal(Secret, await Secrets.GetAsync(second));

        (await Server.Client.DeleteJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Null(await Secrets.GetAsync(second));
    }

    [Fact]
    public async Task A_value_written_like_a_reference_is_a_literal_and_never_reaches_another_secret()
    {
        await Secrets.SetAsync("webhook-0123456789abcdef0123456789abcdef", "someone-elses-secret");
        var forged = "secret-ref:webhook-0123456789abcdef0123456789abcdef";
        var created = (await Server.Client.PostJsonAsync("/integration", new JsonObject
        {
            ["name"] = TestData.Unique("forged"),
            ["config"] = TestData.SignedConfig(forged),
        })).Expect(HttpStatusCode.Created);

        var stored = await Server.Services.GetRequiredService<IntegrationRepository>().GetAsync(Guid.Parse(TestData.Id(created)), default);

        Assert.Equal(forged, WebhookSecretOf(stored!.Value.Config));
    }

    [Fact]
    public async Task An_environment_override_secret_is_stored_in_the_secret_store()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = await TestData.CreateIntegrationAsync(Server.Client);
        var created = (await client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["override"] = new JsonObject { ["webhook"] = TestData.SignedConfig(Secret)["webhook"]!.DeepClone() },
        })).Expect(HttpStatusCode.Created);
        var id = Guid.Parse(TestData.Id(created));
        Assert.Equal("********", WebhookSecretOf(created["override"]!.AsObject()));

        var document = await RawDocumentAsync("envintegrations", environmentId, id);
        Assert.DoesNotContain(Secret, document, StringComparison.Ordinal);
        var reference = Assert.Single(References(document));
        var stored = await Server.Services.GetRequiredService<EnvironmentIntegrationRepository>().GetAsync(Guid.Parse(environmentId), id, default);
        Assert.Equal(Secret, WebhookSecretOf(stored!.Value.Override));

        (await client.DeleteJsonAsync($"/environment-integration/{id}")).Expect(HttpStatusCode.OK);
        Assert.Null(await Secrets.GetAsync(reference));
    }

    [Fact]
    public async Task An_environment_variable_that_a_secret_comes_from_is_masked_and_kept_in_the_secret_store()
    {
        var (environmentId, client) = await TestData.NewEnvironmentAsync(Server);
        var integration = (await Server.Client.PostJsonAsync("/integration", new JsonObject
        {
            ["name"] = TestData.Unique("envsecret"),
            ["config"] = TestData.SignedConfig("{{environment_variables.webhook_secret}}"),
        })).Expect(HttpStatusCode.Created);
        var created = (await client.PostJsonAsync("/environment-integration", new JsonObject
        {
            ["integration_id"] = TestData.Id(integration),
            ["environment_variables"] = new JsonObject { ["webhook_secret"] = Secret, ["region"] = "eu" },
        })).Expect(HttpStatusCode.Created);
        var id = Guid.Parse(TestData.Id(created));
        var path = $"/environment-integration/{id}";
        var repository = Server.Services.GetRequiredService<EnvironmentIntegrationRepository>();

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["webhook_secret"] = "********", ["region"] = "eu" }, created["environment_variables"]));
        var read = (await client.GetJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Equal("********", read["environment_variables"]!["webhook_secret"]!.GetValue<string>());
        Assert.Equal("********", (await client.GetJsonAsync("/environment-integration")).Expect(HttpStatusCode.OK)["result"]![0]!["environment_variables"]!["webhook_secret"]!.GetValue<string>());
        var document = await RawDocumentAsync("envintegrations", environmentId, id);
        Assert.DoesNotContain(Secret, document, StringComparison.Ordinal);
        Assert.Contains("\"region\":\"eu\"", document, StringComparison.Ordinal);
        Assert.Equal(Secret, (await repository.GetAsync(Guid.Parse(environmentId), id, default))!.Value.EnvironmentVariables["webhook_secret"]!.GetValue<string>());

        // Sending the mask back keeps the value; a new value replaces it.
        (await client.PatchJsonAsync(path, new JsonObject { ["environment_variables"] = read["environment_variables"]!.DeepClone() })).Expect(HttpStatusCode.OK);
        Assert.Equal(Secret, (await repository.GetAsync(Guid.Parse(environmentId), id, default))!.Value.EnvironmentVariables["webhook_secret"]!.GetValue<string>());
        (await client.PatchJsonAsync(path, new JsonObject { ["environment_variables"] = new JsonObject { ["webhook_secret"] = "rotated-value" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("rotated-value", (await repository.GetAsync(Guid.Parse(environmentId), id, default))!.Value.EnvironmentVariables["webhook_secret"]!.GetValue<string>());
        var reference = Assert.Single(References(await RawDocumentAsync("envintegrations", environmentId, id)));

        (await client.DeleteJsonAsync(path)).Expect(HttpStatusCode.OK);
        Assert.Null(await Secrets.GetAsync(reference));
    }

    private static string WebhookSecretOf(JsonObject config) =>
        config["webhook"]!["signature_verification"]!["config"]!["secret"]!.GetValue<string>();

    private async Task<string> RawDocumentAsync(string table, string partition, Guid id) =>
        (await Documents.GetAsync(table, partition, $"i:{id:D}"))!.Json;

    private static List<string> References(string document) =>
        ReferencePattern().Matches(document).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("secret-ref:(cfg-[0-9a-f]{32}-[0-9a-f]{16})")]
    private static partial Regex ReferencePattern();
}
