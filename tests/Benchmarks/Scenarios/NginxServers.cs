using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Serverless.Functions.Tests.Infrastructure;

namespace Serverless.Benchmarks.Scenarios;

/// <summary>
/// One nginx process (the Debian package's binary, its own prefix and configuration under a scratch directory) serving
/// two things: the vendor, which answers <c>GET /contacts</c> with <see cref="RecordCount"/> JSON records under
/// <c>data</c> when the request carries <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise); and the
/// <c>proxy_pass</c> anchor, which forwards to the vendor over kept-alive connections and adds that header.
/// </summary>
internal sealed class NginxServers : IAsyncDisposable
{
    public const int RecordCount = 50;

    private readonly Process _process;

    private NginxServers(Process process, Uri vendor, Uri proxy)
    {
        _process = process;
        Vendor = vendor;
        Proxy = proxy;
    }

    /// <summary>The vendor (the upstream every target forwards to).</summary>
    public Uri Vendor { get; }

    /// <summary>nginx's own <c>proxy_pass</c> to the vendor, adding the bearer token.</summary>
    public Uri Proxy { get; }

    /// <summary>The vendor's page: <c>{"data": [50 contacts]}</c>.</summary>
    public static string Page { get; } = BuildPage();

    public static async Task<NginxServers> StartAsync(string directory, string vendorToken)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (apt-get install -y nginx; tests/Benchmarks/run-performance.sh installs it)");
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var vendorPort = PlatformProcess.FreePort();
        var proxyPort = PlatformProcess.FreePort();
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(Path.Combine(directory, "contacts.json"), Page);
        await File.WriteAllTextAsync(configuration, Configuration(directory, vendorPort, proxyPort, vendorToken));

        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", directory, "-c", configuration, "-e", "stderr", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { lock (errors) errors.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var servers = new NginxServers(process, new Uri($"http://127.0.0.1:{vendorPort}"), new Uri($"http://127.0.0.1:{proxyPort}"));
        var deadline = Stopwatch.StartNew();
        while (!(await AcceptsAsync(vendorPort) && await AcceptsAsync(proxyPort)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                await servers.DisposeAsync();
                lock (errors) throw new InvalidOperationException($"nginx did not start: {errors}");
            }

            await Task.Delay(20);
        }

        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT: nginx's graceful shutdown of the master and its workers.
            using (var quit = Process.Start("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await quit.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static string Configuration(string directory, int vendorPort, int proxyPort, string vendorToken) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        worker_processes auto;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/logs/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          sendfile on;
          open_file_cache max=16 inactive=600s;
          open_file_cache_valid 600s;
          client_body_temp_path {{directory}}/body;
          proxy_temp_path {{directory}}/proxy;
          fastcgi_temp_path {{directory}}/fastcgi;
          uwsgi_temp_path {{directory}}/uwsgi;
          scgi_temp_path {{directory}}/scgi;
          # Connections stay open for the whole run, for every client (wrk, nginx, YARP, the platform).
          keepalive_requests 100000000;
          keepalive_timeout 300s;
          upstream vendor {
            server 127.0.0.1:{{vendorPort}};
            keepalive 128;
            keepalive_requests 100000000;
          }
          server {
            listen 127.0.0.1:{{vendorPort}};
            default_type application/json;
            location = /health { return 200 '{"status":"ok"}'; }
            location = /contacts {
              if ($http_authorization != "Bearer {{vendorToken}}") { return 401 '{"error":"invalid bearer token"}'; }
              alias {{directory}}/contacts.json;
            }
          }
          server {
            listen 127.0.0.1:{{proxyPort}};
            default_type application/json;
            location = /health { return 200 '{"status":"ok"}'; }
            location / {
              proxy_pass http://vendor;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Authorization "Bearer {{vendorToken}}";
            }
          }
        }
        """;

    private static string BuildPage()
    {
        var records = Enumerable.Range(1, RecordCount).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"id":{{i}},"first_name":"First{{i}}","last_name":"Last{{i}}","email":"contact{{i}}@example.com","phone":"+1-555-01{{i:00}}","company":"Company {{i % 7}}","created_at":"2026-01-{{1 + (i % 28):00}}T10:00:00Z","tags":["customer","tier-{{i % 3}}"]}"""));
        return "{\"data\":[" + string.Join(",", records) + "]}";
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
