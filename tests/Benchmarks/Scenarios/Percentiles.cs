using System.Globalization;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>Latency samples in milliseconds and their percentiles (nearest rank).</summary>
internal sealed class Percentiles(IEnumerable<double> samples)
{
    private readonly double[] _sorted = [.. samples.Order()];

    public int Count => _sorted.Length;

    public double this[double percentile] =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Median => this[50];

    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {this[50]:0.0} ms, p95 {this[95]:0.0} ms, p99 {this[99]:0.0} ms, max {_sorted[^1]:0.0} ms ({Count} samples)");
}
