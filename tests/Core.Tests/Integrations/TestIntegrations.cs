using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Integrations;
using Serverless.Core.Jsonata;
using Xunit;

namespace Serverless.Core.Tests.Integrations;

/// <summary>Configs compiled as the cache compiles them: read (validated) with the real JSONata checker, then compiled.</summary>
internal static class TestIntegrations
{
    public static readonly IntegrationConfigReader Reader = new(new IntegrationConfigValidator(new JsonataSyntaxChecker()));

    public static CompiledIntegration Compile(string json)
    {
        var config = JsonNode.Parse(json)!.AsObject();
        var read = Reader.Read(config);
        Assert.True(read.IsValid, read.Validation.Describe());
        return CompiledIntegration.Compile(read.Config!, config);
    }
}
