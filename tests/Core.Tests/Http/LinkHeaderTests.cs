using Serverless.Core.Http;
using Xunit;

namespace Serverless.Core.Tests.Http;

public sealed class LinkHeaderTests
{
    [Fact]
    public void Finds_the_next_link_among_several_exactly_as_written()
    {
        const string header = "<https://api.github.com/user/repos?page=1&per_page=2>; rel=\"prev\", " +
            "<https://api.github.com/user/repos?page=3&per_page=2>; rel=\"next\", <https://api.github.com/user/repos?page=9>; rel=\"last\"";
        Assert.Equal("https://api.github.com/user/repos?page=3&per_page=2", LinkHeader.Find([header], "next"));
        Assert.Equal("https://api.github.com/user/repos?page=9", LinkHeader.Find([header], "last"));
    }

    [Fact]
    public void Handles_unquoted_and_multi_valued_relations_and_commas_inside_urls()
    {
        Assert.Equal("/x?ids=1,2", LinkHeader.Find(["</x?ids=1,2>; rel=next"], "next"));
        Assert.Equal("https://s/p?page_info=abc", LinkHeader.Find(["<https://s/p?page_info=abc>; title=\"a, b\"; rel=\"prefetch next\""], "next"));
        Assert.Null(LinkHeader.Find(["<https://s/p>; rel=\"previous\""], "next"));
    }
}
