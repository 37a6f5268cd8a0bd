namespace Serverless.Functions.Hosting;

/// <summary>A setting is missing or malformed; the message names the setting and what is expected.</summary>
internal sealed class PlatformConfigurationException(string setting, string problem)
    : Exception($"Configuration error in {setting}: {problem}")
{
    public string Setting { get; } = setting;
}
