namespace Serverless.Functions.Storage.Azure;

/// <summary>Which Shared Key string-to-sign a service expects.</summary>
public enum SharedKeyFormat
{
    /// <summary>Blob and Queue: verb, standard headers, canonicalized x-ms-* headers, resource with every query parameter.</summary>
    BlobQueue,

    /// <summary>Table: verb, Content-MD5, Content-Type, date, resource with only <c>comp</c>.</summary>
    Table,
}
