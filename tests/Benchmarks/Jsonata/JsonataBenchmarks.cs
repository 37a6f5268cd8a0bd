using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Serverless.Core.Jsonata;

namespace Serverless.Benchmarks.Jsonata;

/// <summary>
/// The five integration-style expressions of the JSONata benchmark folder (<c>exprs.json</c> with keys a–e and their
/// inputs <c>a.json</c>…<c>e.json</c>; <c>JSONATA_BENCH_DIR</c>, else <c>../shared/bench/jsonata</c> beside the
/// repository, docs/jsonata.md), measured as the reference anchor does: JSON text in → parse → evaluate → JSON text out.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*JsonataBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class JsonataBenchmarks
{
    private static readonly string BenchDir = LocateBenchDir();

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private JsonataExpression _expression = null!;
    private byte[] _input = [];
    private string _source = "";
    private JsonataEvaluationOptions _options = null!;

    [Params("a", "b", "c", "d", "e")]
    public string Case { get; set; } = "a";

    [GlobalSetup]
    public void Setup()
    {
        if (!File.Exists(Path.Combine(BenchDir, "exprs.json")))
        {
            throw new InvalidOperationException($"No JSONata benchmark inputs at {BenchDir}: set JSONATA_BENCH_DIR to a folder with exprs.json and a.json … e.json.");
        }

        using var exprs = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(BenchDir, "exprs.json")));
        _source = exprs.RootElement.GetProperty(Case).GetString()!;
        _expression = JsonataExpression.Compile(_source);
        _input = File.ReadAllBytes(Path.Combine(BenchDir, Case + ".json"));
        _options = JsonataPlatformFunctions.Shared.Options; // expression c uses the Truto extension $mapValues
    }

    [Benchmark(Description = "text in -> evaluate -> text out")]
    public int TextInTextOut()
    {
        var result = _expression.EvaluateJson(_input, null, _options);
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output);
        result.WriteTo(writer);
        writer.Flush();
        return _output.WrittenCount;
    }

    [Benchmark(Description = "compile")]
    public JsonataExpression Compile() => JsonataExpression.Compile(_source);

    private static string LocateBenchDir()
    {
        if (Environment.GetEnvironmentVariable("JSONATA_BENCH_DIR") is { Length: > 0 } configured) return Path.GetFullPath(configured);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln"))) return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "bench", "jsonata"));
        }

        return Path.GetFullPath(Path.Combine("..", "shared", "bench", "jsonata"));
    }
}
