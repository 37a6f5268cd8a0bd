using Xunit;
using static Serverless.Jsonata.Tests.Extensions.Truto;

namespace Serverless.Jsonata.Tests.Extensions;

public sealed class EncodingFunctionsTests
{
    [Theory]
    [InlineData("$digest('hello')", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("$digest('héllo😀', 'SHA-1')", "ef6cfe103c404ff5590b1bb2f203bf7c01bc20c5")]
    [InlineData("$digest('héllo😀', 'sha1', 'hex')", "ef6cfe103c404ff5590b1bb2f203bf7c01bc20c5")]
    [InlineData("$digest('', 'SHA-512', 'base64')", "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==")]
    [InlineData("$digest('abc', 'MD5')", "900150983cd24fb0d6963f7d28e17f72")]
    public void Digest_hashes_the_utf8_text(string expression, string expected) =>
        Assert.Equal($"\"{expected}\"", Eval(expression));

    [Theory]
    [InlineData("$sign('The quick brown fox jumps over the lazy dog', 'SHA-256', 'key')", "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")]
    [InlineData("$sign('payload', 'SHA-1', 'secret', 'base64')", "9178Dym/UMI/mbMLhvfHj9r18R0=")]
    [InlineData("$sign('p', 'SHA-256', 's', 'base64url')", "nZc3O87VGIPvYNSPmW35SX4vkKnmgNJz6Qzo_1qI2vI")]
    public void Sign_computes_an_hmac(string expression, string expected) =>
        Assert.Equal($"\"{expected}\"", Eval(expression));

    [Fact]
    public void Digest_and_sign_of_undefined_are_undefined()
    {
        Assert.Equal("undefined", Eval("$digest(nothing)"));
        Assert.Equal("undefined", Eval("$sign(nothing, 'SHA-256', 'k')"));
    }

    [Theory]
    [InlineData("$digest('x', 'SHA-3')", "D3220")]
    [InlineData("$digest('x', 'SHA-256', 'octal')", "D3221")]
    [InlineData("$sign('x', 'CRC32', 'k')", "D3220")]
    [InlineData("$digest(5)", "T0410")]
    [InlineData("$sign('x', 'SHA-256')", "T0411")]
    public void Unknown_algorithms_types_and_wrong_arguments_are_jsonata_errors(string expression, string code) =>
        Assert.Equal(code, ErrorCode(expression));

    [Theory]
    [InlineData("$base64encode('héllo😀')", "\"aMOpbGxv8J+YgA==\"")]
    [InlineData("$base64decode('aMOpbGxv8J+YgA==')", "\"héllo😀\"")]
    [InlineData("$base64decode('aMOpbGxv8J-YgA')", "\"héllo😀\"")]
    [InlineData("$base64encode('ûÿ?>', true)", "\"w7vDvz8-\"")]
    [InlineData("$base64encode('')", "\"\"")]
    [InlineData("$base64encode(nothing)", "undefined")]
    [InlineData("$base64decode(nothing)", "undefined")]
    public void Base64_uses_utf8_and_accepts_the_url_alphabet(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("$base64decode('***')")]
    [InlineData("$base64decode('/w==')")]
    public void Base64decode_of_invalid_input_is_a_jsonata_error(string expression) =>
        Assert.Equal("D3222", ErrorCode(expression));

    [Fact]
    public void Uuid_answers_a_fresh_version_4_uuid_each_call()
    {
        var uuids = Eval("[$uuid(), $uuid()]");
        var parts = System.Text.Json.JsonSerializer.Deserialize<string[]>(uuids)!;
        Assert.NotEqual(parts[0], parts[1]);
        Assert.All(parts, u => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", u));
    }
}
