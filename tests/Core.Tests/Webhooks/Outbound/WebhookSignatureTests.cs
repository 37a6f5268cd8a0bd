using System.Text;
using Serverless.Core.Webhooks.Outbound;
using Xunit;

namespace Serverless.Core.Tests.Webhooks.Outbound;

public sealed class WebhookSignatureTests
{
    // Expected values computed with Python's hmac module, independently of the code under test.
    private const string Secret = "whsec-test-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt","event":"test"}""");

    [Fact]
    public void Standard_webhooks_signature_is_hmac_sha256_over_id_timestamp_and_body_keyed_by_the_secret_utf8_bytes() =>
        Assert.Equal("v1,7QUM7QihPSkkuaiZZOxtNk7YUAap2chM0dm1EOpA4BQ=", WebhookSignature.StandardWebhooks(Secret, "msg_1", 1700000000, Body));

    [Fact]
    public void Truto_signature_is_hmac_sha256_over_the_body() =>
        Assert.Equal("format=sha256,v=wb99LCfr6IkCqgQLzqxxeeys2ZT9dtt2TapyZU0T5Nw=", WebhookSignature.Truto(Secret, Body));

    [Fact]
    public void Signature_changes_with_the_timestamp() =>
        Assert.NotEqual(WebhookSignature.StandardWebhooks(Secret, "msg_1", 1700000000, Body), WebhookSignature.StandardWebhooks(Secret, "msg_1", 1700000001, Body));
}

public sealed class WebhookDeliveryOptionsTests
{
    [Fact]
    public void Default_policy_makes_six_attempts_over_about_ten_minutes()
    {
        var options = new WebhookDeliveryOptions();
        var waits = Enumerable.Range(2, options.MaxAttempts - 1).Select(attempt => options.RetryDelay(attempt, 0.5)).ToList();

        Assert.Equal(6, options.MaxAttempts);
        Assert.Equal([20, 40, 80, 160, 320], waits.Select(w => w.TotalSeconds));
        Assert.InRange(waits.Sum(w => w.TotalMinutes), 9, 11);
    }

    [Fact]
    public void Jitter_stays_within_its_ratio_and_waits_are_capped()
    {
        var options = new WebhookDeliveryOptions { MaxRetryDelay = TimeSpan.FromSeconds(60) };

        Assert.Equal(16, options.RetryDelay(2, 0).TotalSeconds, 6);
        Assert.Equal(24, options.RetryDelay(2, 1).TotalSeconds, 6);
        Assert.Equal(60, options.RetryDelay(30, 0.5).TotalSeconds, 6);
        Assert.Equal(60, options.RetryDelay(1000, 0.5).TotalSeconds, 6);
    }
}
