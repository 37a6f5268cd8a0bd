namespace Serverless.Core.Storage;

/// <summary>A conditional write lost: the document exists already, or its ETag changed.</summary>
public sealed class DocumentConflictException(string message) : Exception(message);

/// <summary>A conditional write targeted a document that does not exist.</summary>
public sealed class DocumentNotFoundException(string message) : Exception(message);

/// <summary>A queue message's receipt is no longer valid (it was completed, or its visibility lapsed and it was received again).</summary>
public sealed class MessageReceiptExpiredException(string message) : Exception(message);
