using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Storage.Embedded;

/// <summary>Where the embedded secret store's 256-bit AES key comes from: given explicitly, or a key file kept next to the data.</summary>
public static partial class SecretsKey
{
    public const int SizeInBytes = 32;

    /// <summary>Decodes a base64 key (the <c>SECRETS_KEY</c> setting).</summary>
    public static byte[] FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException("The secrets key (SECRETS_KEY) is not valid base64.", nameof(base64));
        }

        return key.Length == SizeInBytes
            ? key
            : throw new ArgumentException($"The secrets key (SECRETS_KEY) must be {SizeInBytes} bytes (256 bits) of base64; it is {key.Length} bytes.", nameof(base64));
    }

    /// <summary>
    /// Reads the key file at <paramref name="path"/>, creating it with a random key, readable and writable by
    /// the owner only, when it does not exist. Safe when two processes start at once: the file appears
    /// atomically, fully written, and the loser of the race reads the winner's key.
    /// </summary>
    /// <param name="logger">Told when an existing key file is open to other users.</param>
    public static byte[] LoadOrCreateFile(string path, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            WarnIfShared(path, logger);
            return ReadFile(path);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        PrivateDirectory.Ensure(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SizeInBytes)));
            }

            if (!OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask; set it explicitly so it is exactly 0600.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; its key wins.
            }

            return ReadFile(path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void WarnIfShared(string path, ILogger? logger)
    {
        const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        if (logger is not null && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & shared) != 0)
        {
            LogSharedKeyFile(logger, path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The secrets key file {Path} can be read or written by other users; restrict it to its owner (chmod 600).")]
    private static partial void LogSharedKeyFile(ILogger logger, string path);

    private static byte[] ReadFile(string path)
    {
        try
        {
            return FromBase64(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"The secrets key file '{path}' is damaged: {ex.Message}", ex);
        }
    }
}
