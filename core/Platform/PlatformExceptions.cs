namespace Serverless.Core.Platform;

/// <summary>A unique name (or one-per-environment installation) is already taken.</summary>
public sealed class DuplicateNameException(string message) : Exception(message);

/// <summary>The object changed since it was read (stale version or ETag).</summary>
public sealed class StaleVersionException(string message) : Exception(message);

/// <summary>A config larger than <see cref="StoredConfigLimit"/> allows; nothing was written.</summary>
public sealed class ConfigTooLargeException(string message) : Exception(message);
