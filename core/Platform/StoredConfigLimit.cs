using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Core.Platform;

/// <summary>
/// The largest config the platform stores (SPEC §11): an integration's config, an installation's
/// override and its environment variables, each measured as compact JSON. Bodies are size-limited, but
/// merge-PATCHes grow a stored config step by step, and every later read and listing would carry it.
/// </summary>
public sealed record StoredConfigLimit(long MaxBytes)
{
    /// <summary>1 MiB.</summary>
    public static StoredConfigLimit Default { get; } = new(1024 * 1024);

    /// <param name="path">The config's place in the request, for the message (<c>$.config</c>).</param>
    /// <exception cref="ConfigTooLargeException">The config is larger than <see cref="MaxBytes"/>.</exception>
    public void Check(JsonNode? config, string path)
    {
        var size = JsonSerializer.SerializeToUtf8Bytes(config).LongLength;
        if (size > MaxBytes)
        {
            throw new ConfigTooLargeException($"{path}: the stored config would be {size} bytes, more than the limit of {MaxBytes} bytes");
        }
    }
}
