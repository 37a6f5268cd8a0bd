using System.Text.RegularExpressions;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>The engine's environment settings: the task hub (a namespace inside the storage) and the storage it uses.</summary>
internal sealed partial record DurableTaskSettings(string HubName, StorageSettings Storage)
{
    public const string TaskHubSetting = "DURABLE_TASK_HUB";
    public const string DefaultHubName = "platform";

    /// <exception cref="PlatformConfigurationException">The hub name is not a valid task hub name.</exception>
    public static DurableTaskSettings FromConfiguration(IConfiguration configuration)
    {
        var hub = PlatformSettings.Read(configuration, TaskHubSetting);
        hub = string.IsNullOrWhiteSpace(hub) ? DefaultHubName : hub.Trim();
        // Azure Storage names its queues, tables and containers after the hub: the same rule for both backends.
        if (!HubNamePattern().IsMatch(hub))
        {
            throw new PlatformConfigurationException(TaskHubSetting, $"expected 3 to 45 letters or digits starting with a letter, got '{hub}'.");
        }

        return new DurableTaskSettings(hub, StorageSettings.FromConfiguration(configuration));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
