using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Core.Storage;
using Serverless.Functions.FunctionApp;
using Serverless.Functions.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

public sealed class HostingSettingsTests
{
    private const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    [Fact]
    public void Listens_on_localhost_7071_when_nothing_says_otherwise()
    {
        Assert.Equal("http://localhost:7071", ListenUrls());
    }

    [Fact]
    public void Urls_given_on_the_command_line_win_over_the_default()
    {
        Assert.Equal("http://0.0.0.0:8080", ListenUrls("--urls=http://0.0.0.0:8080"));
    }

    [Theory]
    [InlineData(new[] { "--host", "127.0.0.1", "--port", "5555", "--functions-uri", "http://127.0.0.1:5555/" }, null, null, true)]
    [InlineData(new[] { "--functions-uri=http://127.0.0.1:5555/" }, null, null, true)]
    [InlineData(new string[0], "http://127.0.0.1:5555/", null, true)]
    [InlineData(new string[0], null, "1", true)]
    [InlineData(new[] { "--host", "127.0.0.1", "--port", "5555" }, null, null, false)]
    [InlineData(new[] { "--urls", "http://0.0.0.0:8080" }, null, null, false)]
    public void The_functions_host_is_detected_by_its_own_signs_only(string[] args, string? hostEndpointVariable, string? nativeHost, bool underHost)
    {
        var environment = new Dictionary<string, string?>
        {
            [HostingMode.HostEndpointVariable] = hostEndpointVariable,
            // Set in Functions images and shells whatever starts the process: no sign of the host.
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        };

        var mode = HostingMode.Detect(args, name => environment.GetValueOrDefault(name), key => key == HostingMode.NativeHostAppContextKey ? nativeHost : null);

        Assert.Equal(underHost, mode.IsFunctionsHost);
    }

    [Fact]
    public void This_test_process_is_standalone()
    {
        Assert.False(HostingMode.Detect(Environment.GetCommandLineArgs()).IsFunctionsHost);
    }

    [Fact]
    public void Under_the_functions_host_storage_defaults_to_azure_and_refuses_embedded()
    {
        var settings = Assert.IsType<AzureStorageSettings>(StorageSettings.FromConfiguration(
            Configuration(("AzureWebJobsStorage", AzuriteConnectionString)), HostingMode.FunctionsHost));
        Assert.Equal(AzuriteConnectionString, settings.ConnectionString);

        var error = Assert.Throws<PlatformConfigurationException>(() => StorageSettings.FromConfiguration(Configuration(("STORAGE", "embedded")), HostingMode.FunctionsHost));
        Assert.Equal(PlatformSettings.Storage, error.Setting);
        Assert.Contains("queue and timer triggers", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--STORAGE=s3", "STORAGE")]
    [InlineData("--SECRETS_KEY=c2hvcnQ=", "SECRETS_KEY")]
    public void Bad_storage_setting_stops_startup_naming_it(string argument, string setting)
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => ListenUrls(argument));

        Assert.Equal(setting, error.Setting);
        Assert.StartsWith($"Configuration error in {setting}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALLOW_PRIVATE_NETWORK_TARGETS", "sometimes", false)]
    [InlineData("ALLOW_PRIVATE_NETWORK_TARGETS", "sometimes", true)]
    [InlineData("MAX_REQUEST_BODY_BYTES", "1MB", false)]
    [InlineData("MAX_REQUEST_BODY_BYTES", "0", true)]
    [InlineData("AUTH_FAILURE_LIMIT", "-1", false)]
    [InlineData("AUTH_FAILURE_WINDOW_SECONDS", "a minute", true)]
    public async Task A_malformed_bound_setting_stops_the_start_of_either_mode_naming_it(string setting, string value, bool underFunctionsHost)
    {
        var settings = new Dictionary<string, string?>
        {
            [PlatformSettings.DataDirectory] = Path.GetTempPath(),
            [PlatformSettings.AzureWebJobsStorage] = AzuriteConnectionString,
            ["urls"] = "http://127.0.0.1:0",
            [setting] = value,
        };
        IHost host;
        if (underFunctionsHost)
        {
            // Program.cs's branch for the Functions host, with the settings the host starts its worker with (nothing listens
            // at that endpoint): the options are checked before the worker connects.
            var functions = FunctionsApplication.CreateBuilder([]);
            functions.ConfigureFunctionsWebApplication();
            functions.Configuration.AddInMemoryCollection(settings);
            functions.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9/",
                ["Functions:Worker:WorkerId"] = "test-worker",
                ["Functions:Worker:RequestId"] = "test-request",
                ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
            });
            functions.Services.AddPlatform(functions.Configuration, HostingMode.FunctionsHost);
            functions.Services.AddFunctionApp();
            host = functions.Build();
        }
        else
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddStandaloneHosting();
            builder.Services.AddPlatform(builder.Configuration, HostingMode.Standalone);
            host = builder.Build();
        }

        using (host)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Embedded_storage_is_the_default_under_dot_data()
    {
        var settings = Assert.IsType<EmbeddedStorageSettings>(StorageSettings.FromConfiguration(Configuration()));

        Assert.Equal(("./.data", (string?)null), (settings.DataDirectory, settings.SecretsKey));
    }

    [Fact]
    public void Azure_storage_without_any_connection_names_the_settings_to_set()
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => StorageSettings.FromConfiguration(Configuration(("STORAGE", "azure"))));

        Assert.Equal(PlatformSettings.AzureStorageConnectionString, error.Setting);
        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_storage_by_connection_string_reads_AzureWebJobsStorage_too()
    {
        var settings = Assert.IsType<AzureStorageSettings>(StorageSettings.FromConfiguration(
            Configuration(("STORAGE", "azure"), ("AzureWebJobsStorage", AzuriteConnectionString))));

        Assert.Equal(AzuriteConnectionString, settings.ConnectionString);
        Assert.False(settings.UsesIdentity);
        Assert.Null(settings.KeyVaultUri);
    }

    [Fact]
    public void Identity_based_settings_are_read_from_their_environment_variable_names()
    {
        // Environment variables spell sections with "__", as the Bicep app settings do.
        var prefix = $"HOSTINGTEST{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            [PlatformSettings.Storage] = "azure",
            [PlatformSettings.AzureWebJobsStorageBlobServiceUri] = "https://acct.blob.core.windows.net",
            [PlatformSettings.AzureWebJobsStorageQueueServiceUri] = "https://acct.queue.core.windows.net",
            [PlatformSettings.AzureWebJobsStorageTableServiceUri] = "https://acct.table.core.windows.net",
            [PlatformSettings.AzureWebJobsStorageClientId] = "7f3c1f0e-9a55-4f6b-9d0e-4b1c2d3e4f50",
            [PlatformSettings.AzureWebJobsStorageCredential] = "managedidentity",
            [PlatformSettings.KeyVaultUri] = "https://kv-platform.vault.azure.net/",
        };
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(prefix + name, value);
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var settings = Assert.IsType<AzureStorageSettings>(StorageSettings.FromConfiguration(configuration));

            Assert.True(settings.UsesIdentity);
            Assert.Equal(new Uri("https://acct.queue.core.windows.net"), settings.QueueServiceUri);
            Assert.Equal(new Uri("https://acct.table.core.windows.net"), settings.TableServiceUri);
            Assert.Equal(new Uri("https://acct.blob.core.windows.net"), settings.BlobServiceUri);
            Assert.Equal("7f3c1f0e-9a55-4f6b-9d0e-4b1c2d3e4f50", settings.ManagedIdentityClientId);
            Assert.Equal(new Uri("https://kv-platform.vault.azure.net/"), settings.KeyVaultUri);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:queueServiceUri", "AzureWebJobsStorage__queueServiceUri")]
    [InlineData("KEY_VAULT_URI", "KEY_VAULT_URI")]
    public void Identity_based_storage_needs_every_service_uri_and_the_vault(string omitted, string setting)
    {
        var values = new Dictionary<string, string?>
        {
            ["STORAGE"] = "azure",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["KEY_VAULT_URI"] = "https://kv.vault.azure.net/",
        };
        values.Remove(omitted);

        var error = Assert.Throws<PlatformConfigurationException>(() =>
            StorageSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build()));

        Assert.Equal(setting, error.Setting);
    }

    [Fact]
    public void Key_vault_uri_must_be_https()
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => StorageSettings.FromConfiguration(
            Configuration(("STORAGE", "azure"), ("AZURE_STORAGE_CONNECTION_STRING", AzuriteConnectionString), ("KEY_VAULT_URI", "http://kv.vault.azure.net/"))));

        Assert.Equal(PlatformSettings.KeyVaultUri, error.Setting);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void Private_network_targets_are_refused_unless_allowed(string? value, bool allowed)
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddPlatformHosting(Configuration(("ALLOW_PRIVATE_NETWORK_TARGETS", value)), HostingMode.Standalone).BuildServiceProvider();

        Assert.Equal(allowed, provider.GetRequiredService<IOptions<NetworkAccessOptions>>().Value.AllowPrivateNetworkTargets);
    }

    [Fact]
    public async Task Azure_storage_against_azurite_without_a_vault_keeps_secrets_encrypted_under_the_data_directory()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hosting-secrets-" + Guid.NewGuid().ToString("N"));
        try
        {
            var services = new ServiceCollection().AddLogging().AddPlatformStorage(Configuration(
                ("STORAGE", "azure"), ("AZURE_STORAGE_CONNECTION_STRING", AzuriteConnectionString), ("DATA_DIR", dataDirectory)));
            await using var provider = services.BuildServiceProvider();
            var secrets = provider.GetRequiredService<ISecretStore>();

            await secrets.SetAsync("client-secret", "s3cr3t-value");

            Assert.Equal("s3cr3t-value", await secrets.GetAsync("client-secret"));
            var onDisk = Directory.GetFiles(dataDirectory).Select(File.ReadAllBytes).SelectMany(b => b).ToArray();
            Assert.NotEmpty(onDisk);
            Assert.DoesNotContain("s3cr3t-value", System.Text.Encoding.UTF8.GetString(onDisk), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string? ListenUrls(params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--DATA_DIR=" + Path.GetTempPath(), .. args] });
        builder.AddStandaloneHosting();
        builder.Services.AddPlatformHosting(builder.Configuration, HostingMode.Standalone);
        return builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
}
