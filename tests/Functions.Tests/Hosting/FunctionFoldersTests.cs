using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Triggers;
using Serverless.Functions.Hosting;
using Xunit;

namespace Serverless.Functions.Tests.Hosting;

/// <summary>
/// The Functions host learns the functions only from the folders under <c>functions/FunctionApp/</c>; the
/// platform learns them from its DI registrations. Both lists must be the same.
/// </summary>
public sealed class FunctionFoldersTests
{
    [Fact]
    public async Task Checked_in_function_folders_match_the_registered_trigger_handlers()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "hosting-folders-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting(PlatformSettings.DataDirectory, dataDirectory));
            var dispatcher = factory.Services.GetRequiredService<TriggerDispatcher>();
            Assert.Equal(dataDirectory, Assert.IsType<EmbeddedStorageSettings>(factory.Services.GetRequiredService<StorageSettings>()).DataDirectory);

            var expected = FunctionAppLayout.Describe(dispatcher);
            var functionApp = RepositoryRoot.Combine("functions", "FunctionApp");
            var actual = Directory.GetDirectories(functionApp).ToDictionary(
                d => Path.GetFileName(d),
                d => File.Exists(Path.Combine(d, "function.json")) ? File.ReadAllText(Path.Combine(d, "function.json")).ReplaceLineEndings("\n") : "(no function.json)");

            Assert.True(
                expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var text) && text == e.Value),
                "functions/FunctionApp/ is out of date with the registered queue/timer handlers. Expected:\n" +
                string.Join("\n", expected.Select(e => $"--- FunctionApp/{e.Key}/function.json\n{e.Value}")));
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public void Queue_and_timer_functions_get_their_trigger_bindings()
    {
        var journal = new TriggerJournal();
        var layout = FunctionAppLayout.Describe(new TriggerDispatcher([new RecordingQueueHandler(journal)], [new EverySecondTimerHandler(journal)]));

        Assert.Equal(["Heartbeat", "RecordWork", "http"], layout.Keys);
        Assert.Contains("\"type\": \"queueTrigger\"", layout["RecordWork"], StringComparison.Ordinal);
        Assert.Contains("\"queueName\": \"hosting-test-work\"", layout["RecordWork"], StringComparison.Ordinal);
        Assert.Contains("\"connection\": \"AzureWebJobsStorage\"", layout["RecordWork"], StringComparison.Ordinal);
        Assert.Contains("\"schedule\": \"* * * * * *\"", layout["Heartbeat"], StringComparison.Ordinal);
        Assert.Contains("Heartbeat|RecordWork", layout["http"], StringComparison.Ordinal);
    }
}
