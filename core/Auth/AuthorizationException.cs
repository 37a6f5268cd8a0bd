namespace Serverless.Core.Auth;

/// <summary>An authorization config that fails at run time (an expression error); the message names the config field.</summary>
internal sealed class AuthorizationException(string message, Exception? inner = null) : Exception(message, inner);
