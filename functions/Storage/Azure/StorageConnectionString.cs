namespace Serverless.Functions.Storage.Azure;

/// <summary>The parts of an Azure Storage connection string that the REST clients need.</summary>
public sealed record StorageConnectionString(string AccountName, byte[] AccountKey, Uri BlobEndpoint, Uri QueueEndpoint, Uri TableEndpoint)
{
    /// <summary>Azurite's well-known development account (public, documented key).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>
    /// Parses <c>key=value;...</c> pairs: <c>AccountName</c>, <c>AccountKey</c>, explicit <c>*Endpoint</c>s or
    /// <c>DefaultEndpointsProtocol</c> + <c>EndpointSuffix</c>, and <c>UseDevelopmentStorage=true</c>.
    /// </summary>
    /// <exception cref="FormatException">A part is missing or malformed; the message names it (never the key).</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                // The segment itself is not echoed: it could be a piece of the account key.
                throw new FormatException($"Storage connection string: segment {i + 1} is not key=value.");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new StorageConnectionString(
                DevelopmentAccountName,
                Convert.FromBase64String(DevelopmentAccountKey),
                new Uri($"{proxy}:10000/{DevelopmentAccountName}"),
                new Uri($"{proxy}:10001/{DevelopmentAccountName}"),
                new Uri($"{proxy}:10002/{DevelopmentAccountName}"));
        }

        var account = Required(parts, "AccountName");
        var keyText = Required(parts, "AccountKey");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            throw new FormatException("Storage connection string: AccountKey is not valid base64.");
        }

        var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
        var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
        return new StorageConnectionString(
            account,
            key,
            Endpoint(parts, "BlobEndpoint", protocol, account, "blob", suffix),
            Endpoint(parts, "QueueEndpoint", protocol, account, "queue", suffix),
            Endpoint(parts, "TableEndpoint", protocol, account, "table", suffix));
    }

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Storage connection string: {name} is missing.");

    private static Uri Endpoint(Dictionary<string, string> parts, string name, string protocol, string account, string service, string suffix)
    {
        var text = parts.TryGetValue(name, out var explicitEndpoint) ? explicitEndpoint : $"{protocol}://{account}.{service}.{suffix}";
        return Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"Storage connection string: {name} is not an absolute http(s) URI.");
    }
}
