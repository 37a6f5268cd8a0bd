using System.Buffers.Text;
using System.Text;

namespace Serverless.Core.Storage;

/// <summary>The opaque <c>next_cursor</c> of API lists: the store's continuation token, base64url-encoded.</summary>
internal static class ListCursor
{
    public static string Encode(string continuationToken) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuationToken));

    /// <exception cref="InvalidCursorException">The cursor is not base64url text.</exception>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new InvalidCursorException("next_cursor is not a cursor this server issued");
        }
    }
}
