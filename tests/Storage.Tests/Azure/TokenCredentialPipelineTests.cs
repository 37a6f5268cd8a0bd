using System.Collections.Concurrent;
using Azure.Core;
using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

/// <summary>
/// The managed identity path: service URIs plus a <see cref="TokenCredential"/>. Azurite takes OAuth only over
/// https, so a loopback HTTPS server that records requests plays the blob service.
/// </summary>
public sealed class TokenCredentialPipelineTests
{
    [Fact]
    public async Task Service_uris_with_a_credential_send_bearer_tokens_for_the_storage_scope()
    {
        var requests = new ConcurrentQueue<(string Method, string Path, string Authorization, string Version)>();
        await using var server = await LoopbackHttpsServer.StartAsync(async context =>
        {
            requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), context.Request.Headers["x-ms-version"].ToString()));
            if (context.Request.Method == "PUT")
            {
                context.Response.StatusCode = 201;
                return;
            }

            context.Response.Headers.ETag = "\"0x8D\"";
            await context.Response.Body.WriteAsync(new byte[] { 42 });
        });
        var credential = new StaticTokenCredential("managed-identity-token");
        var options = new AzureStorageOptions
        {
            BlobServiceUri = new Uri(server.BaseUri, "account/"),
            Credential = credential,
            Transport = server.CreateTransport(),
        };
        var blobs = new AzureBlobStore(new AzureStorageClients(options).Blobs);

        var blob = await blobs.GetAsync("payloads", "p/1");

        Assert.NotNull(blob);
        Assert.Equal(new byte[] { 42 }, blob.Content.ToArray());
        Assert.Equal("\"0x8D\"", blob.ETag);
        Assert.Equal(
            [("PUT", "/account/payloads?restype=container"), ("GET", "/account/payloads/p/1")],
            requests.Select(r => (r.Method, r.Path)));
        Assert.All(requests, r => Assert.Equal("Bearer managed-identity-token", r.Authorization));
        Assert.All(requests, r => Assert.False(string.IsNullOrEmpty(r.Version)));
        Assert.Contains("https://storage.azure.com/.default", credential.RequestedScopes);
    }

    [Fact]
    public void Service_uris_without_a_credential_are_refused_with_the_reason()
    {
        var options = new AzureStorageOptions { QueueServiceUri = new Uri("https://acct.queue.core.windows.net") };

        var error = Assert.Throws<InvalidOperationException>(() => new AzureStorageClients(options).Queues);

        Assert.Contains("token credential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_service_uri_is_named()
    {
        var options = new AzureStorageOptions { BlobServiceUri = new Uri("https://acct.blob.core.windows.net"), Credential = new StaticTokenCredential("t") };

        var error = Assert.Throws<InvalidOperationException>(() => new AzureStorageClients(options).Tables);

        Assert.Contains("Table service URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_id_selects_a_user_assigned_managed_identity()
    {
        Assert.IsType<global::Azure.Identity.ManagedIdentityCredential>(AzureStorageOptions.CreateCredential("00000000-0000-0000-0000-0000000000aa"));
        Assert.IsType<global::Azure.Identity.DefaultAzureCredential>(AzureStorageOptions.CreateCredential(null));
    }
}
