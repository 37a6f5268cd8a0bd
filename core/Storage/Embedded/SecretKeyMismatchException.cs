namespace Serverless.Core.Storage.Embedded;

/// <summary>The secrets in the database were encrypted with a different key than the one configured.</summary>
internal sealed class SecretKeyMismatchException(string message) : Exception(message);
