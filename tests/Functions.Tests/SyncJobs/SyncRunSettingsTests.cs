using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.SyncJobs.Running;
using Serverless.Functions.Hosting;
using Serverless.Functions.SyncJobs;
using Xunit;

namespace Serverless.Functions.Tests.SyncJobs;

public sealed class SyncRunSettingsTests
{
    [Fact]
    public void Without_settings_a_segment_runs_10000_pages_or_30_seconds_and_positions_are_written_at_most_every_200_ms()
    {
        var options = Read();

        Assert.Equal(10_000, options.SegmentPages);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SegmentDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.CheckpointInterval);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1.5", 1500)]
    public void The_checkpoint_interval_is_read_in_seconds(string value, int milliseconds)
    {
        var options = Read((SyncJobsHostingExtensions.CheckpointSecondsSetting, value), (SyncJobsHostingExtensions.SegmentPagesSetting, "20"));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), options.CheckpointInterval);
        Assert.Equal(20, options.SegmentPages);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    public void A_malformed_checkpoint_interval_stops_the_start_naming_the_setting(string value)
    {
        var error = Assert.Throws<PlatformConfigurationException>(() => Read((SyncJobsHostingExtensions.CheckpointSecondsSetting, value)));

        Assert.Equal("SYNC_CHECKPOINT_SECONDS", error.Setting);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    private static SyncRunOptions Read(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        using var provider = new ServiceCollection().AddSyncJobsHosting(configuration, HostingMode.Standalone).BuildServiceProvider();
        return provider.GetRequiredService<SyncRunOptions>();
    }
}
