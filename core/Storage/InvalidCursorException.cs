namespace Serverless.Core.Storage;

/// <summary>A listing cursor that this server did not issue (<see cref="ListCursor"/>).</summary>
public sealed class InvalidCursorException(string message) : Exception(message);
