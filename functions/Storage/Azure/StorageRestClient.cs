using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// One Azure Storage service endpoint (blob, queue or table) behind an Azure.Core pipeline that retries
/// transient failures and authenticates each attempt (Shared Key or bearer token).
/// </summary>
public sealed class StorageRestClient(Uri endpoint, HttpPipeline pipeline, string apiVersion)
{
    private readonly string _baseAddress = endpoint.AbsoluteUri.TrimEnd('/') + "/";

    public Uri Endpoint { get; } = endpoint;

    /// <summary>A request to <paramref name="escapedPath"/> (already URI-escaped) below the endpoint.</summary>
    public HttpMessage CreateMessage(RequestMethod method, string escapedPath)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(_baseAddress + escapedPath));
        request.Headers.SetValue("x-ms-version", apiVersion);
        return message;
    }

    public async ValueTask<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    /// <summary>
    /// Sends a request to a table, queue or container created on first use and reads the response while the
    /// message is alive. When the service says the resource is missing (deleted behind our back, or lost by an
    /// in-memory emulator restart) it is created again and the request retried once.
    /// </summary>
    public async Task<T> SendToResourceAsync<T>(CreatedOnFirstUse resources, string name, Func<HttpMessage> createMessage, Func<Response, T> readResponse, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await resources.EnsureAsync(name).ConfigureAwait(false);
            using var message = createMessage();
            var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (attempt == 0 && IsMissingResource(response))
            {
                resources.Forget(name);
                continue;
            }

            return readResponse(response);
        }
    }

    private static bool IsMissingResource(Response response) =>
        response.Status == 404
        && response.Headers.TryGetValue("x-ms-error-code", out var code)
        && code is "TableNotFound" or "QueueNotFound" or "ContainerNotFound";

    /// <summary>The response did not have one of the expected statuses: surface the service's error.</summary>
    public static RequestFailedException Unexpected(Response response) => new(response);

    /// <summary>Builds the client of one service from the options: Shared Key for a connection string, else the token credential.</summary>
    public static StorageRestClient Create(AzureStorageOptions options, StorageService service)
    {
        ArgumentNullException.ThrowIfNull(options);
        Uri endpoint;
        HttpPipelinePolicy authentication;
        var format = service == StorageService.Table ? SharedKeyFormat.Table : SharedKeyFormat.BlobQueue;
        if (options.ConnectionString is { Length: > 0 } connectionString)
        {
            var parsed = StorageConnectionString.Parse(connectionString);
            endpoint = service switch
            {
                StorageService.Blob => parsed.BlobEndpoint,
                StorageService.Queue => parsed.QueueEndpoint,
                _ => parsed.TableEndpoint,
            };
            authentication = new SharedKeySigningPolicy(parsed.AccountName, parsed.AccountKey, format);
        }
        else
        {
            endpoint = (service switch
            {
                StorageService.Blob => options.BlobServiceUri,
                StorageService.Queue => options.QueueServiceUri,
                _ => options.TableServiceUri,
            }) ?? throw new InvalidOperationException($"Azure storage: neither a connection string nor a {service} service URI is configured.");
            var credential = options.Credential
                ?? throw new InvalidOperationException("Azure storage: service URIs need a token credential (managed identity).");
            authentication = new BearerTokenAuthenticationPolicy(credential, "https://storage.azure.com/.default");
        }

        var clientOptions = new StorageRestClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        if (options.Transport is { } transport)
        {
            clientOptions.Transport = transport;
        }

        var pipeline = HttpPipelineBuilder.Build(clientOptions, [], [authentication], new ResponseClassifier());
        var version = service == StorageService.Table ? "2019-02-02" : "2021-12-02";
        return new StorageRestClient(endpoint, pipeline, version);
    }

    private sealed class StorageRestClientOptions : ClientOptions;
}

public enum StorageService { Blob, Queue, Table }
