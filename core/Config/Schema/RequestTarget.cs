namespace Serverless.Core.Config.Schema;

/// <summary>How a config string decides where requests (and the credentials they carry) are sent.</summary>
internal enum RequestTarget
{
    /// <summary>It does not.</summary>
    None,

    /// <summary>A URL, host or endpoint path of a request: any value decides the target.</summary>
    Url,

    /// <summary>A path appended to a base URL: it decides the target only when it could leave that URL (a full URL, a placeholder first).</summary>
    Path,
}
