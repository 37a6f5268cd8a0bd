using Serverless.Core.Json;
using Xunit;

namespace Serverless.Core.Tests.Json;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("$", "name", "$.name")]
    [InlineData("$.a", "snake_case2", "$.a.snake_case2")]
    [InlineData("$.headers", "X-API-Key", "$.headers['X-API-Key']")]
    [InlineData("$", "2fa", "$['2fa']")]
    [InlineData("$", "it's", "$['it\\'s']")]
    [InlineData("$", "", "$['']")]
    public void Property_uses_dot_for_simple_names_and_brackets_otherwise(string parent, string name, string expected)
    {
        Assert.Equal(expected, JsonPath.Property(parent, name));
    }

    [Fact]
    public void Index_appends_brackets()
    {
        Assert.Equal("$.fields[12]", JsonPath.Index("$.fields", 12));
    }
}
