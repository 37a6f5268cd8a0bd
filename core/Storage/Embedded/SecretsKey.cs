using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Storage.Embedded;

/// <summary>Where the embedded secret store's 256-bit AES key comes from: given explicitly, or a key file kept next to the data.</summary>
internal static partial class SecretsKey
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
    /// the owner only, when it does not exist. Safe when several processes start at once: creation happens under
    /// an exclusive lock file, the key file appears atomically and fully written, and every later reader sees it.
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
        // File.Move(overwrite: false) checks for the target and then renames, which replaces a file created in
        // between: two creators could each return their own key. The lock file serialises them instead.
        using (CreationLock(path + ".lock"))
        {
            if (!File.Exists(path))
            {
                WriteNewKey(path, directory);
            }
        }

        return ReadFile(path);
    }

    private static FileStream CreationLock(string lockPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock on Unix (flock) and a sharing lock on Windows;
                // a process that dies releases it with its handles.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    private static void WriteNewKey(string path, string directory)
    {
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
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask; set it explicitly so it is exactly 0600.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: false);
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
