namespace Serverless.Core.Storage.Embedded;

/// <summary>Creates the data directory for the owner only: it holds the secrets key and the encrypted secrets.</summary>
internal static class PrivateDirectory
{
    public static void Ensure(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
