using System.Text.Json;
using Serverless.Functions.Hosting;
using Serverless.Functions.Tests.Hosting;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Serverless.Functions.Tests.Infra;

/// <summary>The deployment template checked against what the app reads (BicepCompilerTests compiles and lints it).</summary>
public sealed class InfraTemplateTests
{
    private static readonly BicepTemplate Template = BicepTemplate.Load(RepositoryRoot.Combine("infra", "main.bicep"));

    // Built-in role definitions (Azure RBAC): fixed GUIDs across tenants.
    private static readonly Dictionary<string, string> RequiredRoles = new()
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    };

    [Fact]
    public void Every_declared_parameter_is_used()
    {
        Assert.NotEmpty(Template.Parameters);
        var unused = Template.Parameters.Where(p => Template.CountUses(p) < 1).ToList();

        Assert.True(unused.Count == 0, "unused parameters: " + string.Join(", ", unused));
    }

    [Fact]
    public void Parameters_file_matches_the_declared_parameters()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("infra", "main.parameters.json")));
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var required = Template.Blocks.Where(b => b.Kind == "param" && !b.Text.Contains('=', StringComparison.Ordinal)).Select(b => b.Name);

        Assert.All(given, name => Assert.Contains(name, Template.Parameters));
        Assert.All(required, name => Assert.Contains(name, given));
    }

    [Fact]
    public void Function_app_sets_every_setting_the_app_reads_in_azure_mode()
    {
        var site = Assert.Single(Template.Resources("Microsoft.Web/sites@2024-04-01"));
        var settingVariables = Template.Blocks.Where(b => b.Kind == "var" && b.Name.EndsWith("AppSettings", StringComparison.Ordinal)).ToList();
        Assert.All(settingVariables, v => Assert.Contains(v.Name, site.Text, StringComparison.Ordinal));
        var alwaysSet = BicepTemplate.NamedEntries(Template.Declaration("baseAppSettings")).ToList();

        var missing = PlatformSettings.AzureDeploymentSettings.Except(alwaysSet).ToList();

        Assert.True(missing.Count == 0, "settings the app needs but the site lacks: " + string.Join(", ", missing));
        Assert.Equal(alwaysSet.Count, alwaysSet.Distinct().Count());
        Assert.Contains("value: 'managedidentity'", Template.Declaration("baseAppSettings").Text, StringComparison.Ordinal);
        Assert.Contains("value: 'azure'", Template.Declaration("baseAppSettings").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_gets_the_storage_and_key_vault_roles()
    {
        var guidByVariable = Template.StringVariables;
        foreach (var (role, guid) in RequiredRoles)
        {
            Assert.True(guidByVariable.Values.Contains(guid), $"{role} ({guid}) is not declared");
        }

        var assignments = Template.Resources("Microsoft.Authorization/roleAssignments@2022-04-01").ToList();
        var toIdentity = assignments.Where(a => a.Text.Contains("principalId: identity.properties.principalId", StringComparison.Ordinal)).ToList();
        var storageLoop = Assert.Single(toIdentity, a => a.Text.Contains("for role in storageRoles", StringComparison.Ordinal));
        Assert.Contains("scope: storage", storageLoop.Text, StringComparison.Ordinal);
        var loopRoles = Template.Declaration("storageRoles").Text;
        var assignedGuids = guidByVariable.Where(v => loopRoles.Contains(v.Key, StringComparison.Ordinal)).Select(v => v.Value)
            .Concat(toIdentity.SelectMany(a => guidByVariable.Where(v => a.Text.Contains($", {v.Key})", StringComparison.Ordinal)).Select(v => v.Value)))
            .ToHashSet();

        Assert.Equal(RequiredRoles.Values.Order(), assignedGuids.Order());
        Assert.Contains(toIdentity, a => a.Text.Contains("scope: vault", StringComparison.Ordinal) && a.Text.Contains("keyVaultSecretsOfficer", StringComparison.Ordinal));
    }

    [Fact]
    public void Azd_service_tag_matches_the_service_in_azure_yaml()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine("azure.yaml")))
        {
            yaml.Load(reader);
        }
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var (serviceKey, serviceNode) = Assert.Single(services.Children);
        var service = (YamlMappingNode)serviceNode;

        var site = Assert.Single(Template.Resources("Microsoft.Web/sites@2024-04-01"));
        Assert.Contains("'azd-service-name': serviceName", site.Text, StringComparison.Ordinal);
        Assert.Equal(((YamlScalarNode)serviceKey).Value, Template.StringVariables["serviceName"]);
        Assert.Equal("function", ((YamlScalarNode)service.Children[new YamlScalarNode("host")]).Value);
        Assert.Equal("dotnet", ((YamlScalarNode)service.Children[new YamlScalarNode("language")]).Value);
        Assert.Equal("./functions", ((YamlScalarNode)service.Children[new YamlScalarNode("project")]).Value);
    }

    [Fact]
    public void Declares_the_platform_resources_with_the_expected_shape()
    {
        var plan = Assert.Single(Template.Resources("Microsoft.Web/serverfarms@2024-04-01"));
        Assert.Contains("name: 'FC1'", plan.Text, StringComparison.Ordinal);
        Assert.Contains("tier: 'FlexConsumption'", plan.Text, StringComparison.Ordinal);

        var site = Assert.Single(Template.Resources("Microsoft.Web/sites@2024-04-01"));
        Assert.Contains("kind: 'functionapp,linux'", site.Text, StringComparison.Ordinal);
        Assert.Contains("serverFarmId: plan.id", site.Text, StringComparison.Ordinal);
        Assert.Contains("name: 'dotnet-isolated'", site.Text, StringComparison.Ordinal);
        Assert.Contains("version: '10.0'", site.Text, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", site.Text, StringComparison.Ordinal);
        Assert.Contains("deploymentContainer.name", site.Text, StringComparison.Ordinal);
        Assert.Contains("maximumInstanceCount: maximumInstanceCount", site.Text, StringComparison.Ordinal);

        Assert.Contains("enableRbacAuthorization: true", Assert.Single(Template.Resources("Microsoft.KeyVault/vaults@2023-07-01")).Text, StringComparison.Ordinal);
        Assert.Contains("allowSharedKeyAccess: false", Assert.Single(Template.Resources("Microsoft.Storage/storageAccounts@2024-01-01")).Text, StringComparison.Ordinal);
        Assert.Contains("WorkspaceResourceId: logs.id", Assert.Single(Template.Resources("Microsoft.Insights/components@2020-02-02")).Text, StringComparison.Ordinal);
        Assert.Single(Template.Blocks, b => b.Kind == "resource" && b.Type.StartsWith("Microsoft.ManagedIdentity/userAssignedIdentities@", StringComparison.Ordinal));
        Assert.DoesNotContain("br:", Template.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_sees_a_parameter_that_nothing_uses()
    {
        var path = Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.bicep");
        File.WriteAllText(path, Template.Text + "\n@description('not wired up: location')\nparam forgotten string = ''\nvar keysOnly = {\n  forgotten: 'a key is not a use'\n}\n");
        try
        {
            var template = BicepTemplate.Load(path);

            Assert.Equal(0, template.CountUses("forgotten"));
            Assert.True(template.CountUses("location") > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
