using System.Text.Json.Serialization;

namespace Serverless.Core.Config;

/// <summary>How array query values are written (SPEC §2.3).</summary>
public enum QueryArrayFormat
{
    /// <summary><c>a=1,2</c></summary>
    Comma,

    /// <summary><c>a[]=1&amp;a[]=2</c></summary>
    Brackets,

    /// <summary><c>a[0]=1&amp;a[1]=2</c></summary>
    Indices,

    /// <summary><c>a=1&amp;a=2</c></summary>
    Repeat,
}

/// <summary>How a request body is encoded (SPEC §2.3).</summary>
public enum BodyFormat
{
    Json,
    Form,
    Multipart,
    Raw,
    Xml,
}

/// <summary>HTTP methods a request config may use. Resource methods allow get/post/put/patch/delete; actions allow all.</summary>
public enum RequestMethod
{
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Connect,
    Trace,
}

/// <summary>Type of an api_key credential field (SPEC §2.5).</summary>
public enum CredentialFieldType
{
    Text,
    Password,
    SingleSelect,
}

/// <summary>Where an OAuth2 client authenticates at the token endpoint.</summary>
public enum OAuth2AuthorizationMethod
{
    Header,
    Body,
}

/// <summary>Encoding of OAuth2 token requests.</summary>
public enum OAuth2BodyFormat
{
    Form,
    Json,
}

/// <summary>Where a cursor pagination <c>cursor_path</c> is read from.</summary>
internal enum CursorPathObject
{
    Body,
    Header,
}

/// <summary>How cursor pagination writes the limit into a request body.</summary>
internal enum LimitDataType
{
    Number,
    String,
}

/// <summary>HMAC algorithms accepted by webhook signature verification.</summary>
internal enum HmacAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>Text encoding of a signature.</summary>
internal enum SignatureEncoding
{
    Hex,
    Base64,

    [JsonStringEnumMemberName("base64url")]
    Base64url,
}

/// <summary>Types of custom action inputs and outputs (SPEC §9).</summary>
public enum ActionValueType
{
    String,
    Integer,
    Number,
    Boolean,
    Datetime,
    Object,
    Array,
    Any,
}

/// <summary>JWT algorithms accepted by webhook signature verification.</summary>
internal enum JwtAlgorithm
{
    [JsonStringEnumMemberName("HS256")]
    HS256,

    [JsonStringEnumMemberName("HS384")]
    HS384,

    [JsonStringEnumMemberName("HS512")]
    HS512,
}
