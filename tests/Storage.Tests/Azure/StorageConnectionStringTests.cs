using Serverless.Functions.Storage.Azure;
using Xunit;

namespace Serverless.Storage.Tests.Azure;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Explicit_endpoints_are_used_as_given()
    {
        var parsed = StorageConnectionString.Parse(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + StorageConnectionString.DevelopmentAccountKey +
            ";BlobEndpoint=http://127.0.0.1:41001/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41002/devstoreaccount1/;TableEndpoint=http://127.0.0.1:41003/devstoreaccount1;");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey), parsed.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41003/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void Missing_endpoints_derive_from_protocol_account_and_suffix()
    {
        var parsed = StorageConnectionString.Parse("AccountName=prodacct;AccountKey=AAAA;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://prodacct.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://prodacct.queue.core.chinacloudapi.cn"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://prodacct.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
    }

    [Fact]
    public void Use_development_storage_means_azurite_on_its_default_ports()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountKey=AAAA", "AccountName is missing")]
    [InlineData("AccountName=a", "AccountKey is missing")]
    [InlineData("AccountName=a;AccountKey=not base64!", "AccountKey is not valid base64")]
    [InlineData("AccountName=a;AccountKey=AAAA;BlobEndpoint=ftp://x", "BlobEndpoint is not an absolute http(s) URI")]
    [InlineData("AccountName=a;AccountKey=AAAA;secretwithoutequals", "segment 3 is not key=value")]
    public void Malformed_strings_name_the_problem_without_echoing_values(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretwithoutequals", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", error.Message, StringComparison.Ordinal);
    }
}
