using System.Buffers.Text;
using System.Text;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// The service's NextPartitionKey/NextRowKey pair, handed to callers as one opaque, URL-safe string.
/// </summary>
public readonly record struct TableContinuationToken(string PartitionKey, string RowKey)
{
    public static string Encode(TableContinuationToken token) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token.PartitionKey + "\n" + token.RowKey));

    /// <exception cref="ArgumentException">The token was not produced by <see cref="Encode"/>.</exception>
    public static TableContinuationToken Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline > 0)
            {
                return new TableContinuationToken(text[..newline], text[(newline + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The continuation token is malformed: pass back the token of the previous page unchanged.", nameof(token));
    }
}
