using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Serverless.Functions.Hosting.Durable;

/// <summary>
/// The loopback link between the in-process sidecar and the Durable Task worker and client: HTTP/2 over a Unix
/// domain socket private to this process (no port to collide with), and the one gRPC channel both use.
/// </summary>
internal sealed class SidecarEndpoint : IDisposable
{
    // Calls wait for work items and for instances to finish: one connection must carry many open streams.
    private const int MaxStreamsPerConnection = 10_000;

    public SidecarEndpoint()
    {
        // Unix socket paths are limited to ~100 bytes: a long temp directory falls back to /tmp.
        var name = $"platform-durable-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40] + ".sock";
        var directory = Path.GetTempPath();
        SocketPath = Path.Combine(directory.Length + name.Length < 100 ? directory : "/tmp", name);
        Channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = ConnectAsync,
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
            DisposeHttpClient = true,
            // Histories and inputs may be large; the link never leaves the process.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }

    public string SocketPath { get; }

    public GrpcChannel Channel { get; }

    public void Listen(KestrelServerOptions kestrel)
    {
        DeleteSocketFile();
        kestrel.ListenUnixSocket(SocketPath, listen => listen.Protocols = HttpProtocols.Http2);
        kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.AddServerHeader = false;
    }

    public void Dispose()
    {
        Channel.Dispose();
        DeleteSocketFile();
    }

    private void DeleteSocketFile()
    {
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
