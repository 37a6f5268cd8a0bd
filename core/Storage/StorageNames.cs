namespace Serverless.Core.Storage;

/// <summary>
/// The naming rules of the storage interfaces, checked the same way by every backend so that a name which
/// works against the embedded store also works against Azure.
/// </summary>
public static class StorageNames
{
    /// <summary>Lowercase letters and digits, 3–63 characters, starting with a letter.</summary>
    public static void ValidateTable(string table, string parameterName = "table")
    {
        ArgumentNullException.ThrowIfNull(table, parameterName);
        if (table.Length is < 3 or > 63 || !IsLowerLetter(table[0]) || !table.All(c => IsLowerLetter(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"Table name '{table}' is invalid: use 3–63 lowercase letters or digits, starting with a letter.", parameterName);
        }
    }

    /// <summary>Lowercase letters, digits and '-', 3–63 characters (queues and blob containers).</summary>
    public static void ValidateQueue(string queue, string parameterName = "queue") => ValidateDashed(queue, "Queue", parameterName);

    /// <summary>Lowercase letters, digits and '-', 3–63 characters.</summary>
    public static void ValidateContainer(string container, string parameterName = "container") => ValidateDashed(container, "Container", parameterName);

    /// <summary>Any character except <c>/ \ # ?</c> and control characters, at most 1 KiB of UTF-16.</summary>
    public static void ValidateKey(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length > 512)
        {
            throw new ArgumentException($"Key is {key.Length} characters long; at most 512 are allowed.", parameterName);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException($"Key '{key}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}', which keys may not hold (/ \\ # ? and control characters).", parameterName);
            }
        }
    }

    /// <summary>1–1024 characters, no control characters.</summary>
    public static void ValidateBlobName(string name, string parameterName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length is 0 or > 1024 || name.Any(char.IsControl))
        {
            throw new ArgumentException($"Blob name '{name}' is invalid: use 1–1024 characters without control characters.", parameterName);
        }
    }

    /// <summary>Letters, digits and '-', 1–127 characters (Key Vault's rule).</summary>
    public static void ValidateSecret(string name, string parameterName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length is 0 or > 127 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Secret name '{name}' is invalid: use 1–127 letters, digits or '-'.", parameterName);
        }
    }

    private static void ValidateDashed(string name, string kind, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length is < 3 or > 63 || !name.All(c => IsLowerLetter(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"{kind} name '{name}' is invalid: use 3–63 lowercase letters, digits or '-'.", parameterName);
        }
    }

    private static bool IsLowerLetter(char c) => c is >= 'a' and <= 'z';

    /// <summary>
    /// The smallest key above every key that starts with <paramref name="prefix"/> (its last character plus one), for
    /// range reads of a prefix. The last character must be ASCII, so the bound sorts the same in UTF-16 and UTF-8.
    /// </summary>
    public static string PrefixEnd(string prefix, string parameterName = "rowKeyPrefix")
    {
        ValidateKey(prefix, parameterName);
        ArgumentException.ThrowIfNullOrEmpty(prefix, parameterName);
        if (prefix[^1] >= 0x7F)
        {
            throw new ArgumentException($"A key prefix must end with an ASCII character; '{prefix}' does not.", parameterName);
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]);
    }
}
