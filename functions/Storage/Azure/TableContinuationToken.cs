using System.Buffers.Text;
using System.Text;

namespace Serverless.Functions.Storage.Azure;

/// <summary>
/// The Table SDK's continuation token (the service's next partition and row key markers) handed to callers as one
/// opaque, URL-safe string, so that a token that was not produced here is refused before anything is sent.
/// </summary>
internal static class TableContinuationToken
{
    public static string Encode(string sdkToken) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sdkToken));

    /// <exception cref="ArgumentException">The token was not produced by <see cref="Encode"/>.</exception>
    public static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            // The SDK's form: "<next partition key marker> <next row key marker>".
            var separator = text.IndexOf(' ', StringComparison.Ordinal);
            if (separator > 0 && text.IndexOf(' ', separator + 1) < 0)
            {
                return text;
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The continuation token is malformed: pass back the token of the previous page unchanged.", nameof(token));
    }
}
