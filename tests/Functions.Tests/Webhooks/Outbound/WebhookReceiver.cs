using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions.Tests.Webhooks.Outbound;

/// <summary>
/// A customer's webhook endpoint on a real Kestrel server on a loopback port: records every request
/// (raw body and headers) and answers 200, or a chosen status for the next N requests. It can be
/// stopped ("down") and started again on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private WebApplication? _app;
    private int _failuresLeft;
    private int _slowLeft;
    private TimeSpan _slowDelay;
    private int _failureStatus = 500;
    private int _port;
    private volatile Func<byte[], int?>? _answer;

    public string Url => $"http://127.0.0.1:{_port}/hooks";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/> (and still recorded).</summary>
    public void FailNext(int count, int status = 500)
    {
        _failureStatus = status;
        Interlocked.Exchange(ref _failuresLeft, count);
    }

    /// <summary>Decides the status of each request from its body (null: the usual answer), e.g. to refuse one event type.</summary>
    public void AnswerWith(Func<byte[], int?>? decide) => _answer = decide;

    /// <summary>The next <paramref name="count"/> requests are answered only after <paramref name="delay"/> (and still recorded).</summary>
    public void SlowNext(int count, TimeSpan delay)
    {
        _slowDelay = delay;
        Interlocked.Exchange(ref _slowLeft, count);
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _app = builder.Build();
        _app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            if (Interlocked.Decrement(ref _slowLeft) >= 0)
            {
                // Recorded with status 0: the sender gave up before this answer could reach it.
                _received.Enqueue(new ReceivedWebhook(buffer.ToArray(), headers, 0));
                _arrived.Release();
                await Task.Delay(_slowDelay, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Ok();
            }

            var body = buffer.ToArray();
            var status = _answer?.Invoke(body) ?? (Interlocked.Decrement(ref _failuresLeft) >= 0 ? _failureStatus : 200);
            _received.Enqueue(new ReceivedWebhook(body, headers, status));
            _arrived.Release();
            return status == 200 ? Results.Ok() : Results.StatusCode(status);
        });
        await _app.StartAsync();
        _port = new Uri(_app.Urls.First()).Port;
    }

    /// <summary>Stops listening: connections to <see cref="Url"/> are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests were answered 2xx.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForSuccessesAsync(int count, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (Received.Count(r => r.AnsweredStatus == 200) < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"expected {count} successful deliveries within {patience}, got {Received.Count(r => r.AnsweredStatus == 200)} (of {Received.Count} requests)");
            }
        }
        return [.. Received.Where(r => r.AnsweredStatus == 200)];
    }

    /// <summary>Forgets what was received so far.</summary>
    public void Clear() => _received.Clear();

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One request as the receiver saw it; header names lower-case.</summary>
public sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus);
