namespace Serverless.Functions.Hosting;

/// <summary>The Functions host's invocation payload lacks something a trigger needs; the message names its JSON path.</summary>
internal sealed class InvalidInvocationPayloadException(string message) : Exception(message);
