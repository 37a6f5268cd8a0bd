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
    /// <summary>A JSON document (<c>application/json</c>).</summary>
    Json,

    /// <summary>URL-encoded form fields (<c>application/x-www-form-urlencoded</c>).</summary>
    Form,

    /// <summary>A <c>multipart/form-data</c> body.</summary>
    Multipart,

    /// <summary>The body sent as given, unencoded.</summary>
    Raw,

    /// <summary>An XML document.</summary>
    Xml,
}

/// <summary>HTTP methods a request config may use. Resource methods allow get/post/put/patch/delete; actions allow all.</summary>
public enum RequestMethod
{
    /// <summary>HTTP <c>GET</c>.</summary>
    Get,

    /// <summary>HTTP <c>POST</c>.</summary>
    Post,

    /// <summary>HTTP <c>PUT</c>.</summary>
    Put,

    /// <summary>HTTP <c>PATCH</c>.</summary>
    Patch,

    /// <summary>HTTP <c>DELETE</c>.</summary>
    Delete,

    /// <summary>HTTP <c>HEAD</c>.</summary>
    Head,

    /// <summary>HTTP <c>OPTIONS</c>.</summary>
    Options,

    /// <summary>HTTP <c>CONNECT</c>.</summary>
    Connect,

    /// <summary>HTTP <c>TRACE</c>.</summary>
    Trace,
}

/// <summary>Type of an api_key credential field (SPEC §2.5).</summary>
public enum CredentialFieldType
{
    /// <summary>A plain text input.</summary>
    Text,

    /// <summary>A masked input for a secret value.</summary>
    Password,

    /// <summary>A choice of one value from a fixed list of options.</summary>
    SingleSelect,
}

/// <summary>Where an OAuth2 client authenticates at the token endpoint.</summary>
public enum OAuth2AuthorizationMethod
{
    /// <summary>Client id and secret sent as HTTP Basic credentials in the <c>Authorization</c> header.</summary>
    Header,

    /// <summary>Client id and secret sent as fields of the token request body.</summary>
    Body,
}

/// <summary>Encoding of OAuth2 token requests.</summary>
public enum OAuth2BodyFormat
{
    /// <summary>URL-encoded form fields.</summary>
    Form,

    /// <summary>A JSON object.</summary>
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
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number without a fractional part.</summary>
    Integer,

    /// <summary>Any JSON number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A string holding a date and time.</summary>
    Datetime,

    /// <summary>A JSON object.</summary>
    Object,

    /// <summary>A JSON array.</summary>
    Array,

    /// <summary>Any JSON value; not checked.</summary>
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
