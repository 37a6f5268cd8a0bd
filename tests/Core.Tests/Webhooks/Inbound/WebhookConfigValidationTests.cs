using System.Text.Json.Nodes;
using Serverless.Core.Config;
using Serverless.Core.Jsonata;
using Xunit;

namespace Serverless.Core.Tests.Webhooks.Inbound;

/// <summary>The config model additions inbound webhooks needed: bearer <c>compare_with</c> (Microsoft Graph's clientState).</summary>
public sealed class WebhookConfigValidationTests
{
    private static readonly IntegrationConfigValidator Validator = new(new JsonataSyntaxChecker());

    private static ConfigValidationResult Validate(string bearerConfig) => Validator.Validate(JsonNode.Parse($$"""
        { "base_url": "https://graph.microsoft.com/v1.0",
          "webhook": { "signature_verification": { "format": "bearer", "config": {{bearerConfig}} } } }
        """));

    [Fact]
    public void Bearer_accepts_a_compare_with_template()
    {
        var result = Validate("""{ "token": "{{environment_variables.client_state}}", "compare_with": "{{body.value.0.clientState}}" }""");

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    [Fact]
    public void Bearer_compare_with_that_is_not_a_template_string_is_rejected_with_its_path()
    {
        var result = Validate("""{ "token": "t", "compare_with": 5 }""");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, error => error.Path == "$.webhook.signature_verification.config.compare_with");
    }
}
