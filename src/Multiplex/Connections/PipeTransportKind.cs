namespace Multiplex.Connections;

/// <summary>
/// How a shared connection turns its transport's stream into the pipes its writer and reader loops
/// use (see <see cref="TransportPipes"/>). Under evaluation: docs/architecture.md, "Transport".
/// </summary>
internal enum PipeTransportKind
{
    /// <summary><c>PipeReader.Create</c>/<c>PipeWriter.Create</c> over the stream (every transport).</summary>
    Stream,

    /// <summary>
    /// Pipelines.Sockets.Unofficial's <c>SocketConnection</c> over plain TCP, its loops on the thread pool;
    /// TLS through its <c>StreamConnection.GetDuplex</c> over the <see cref="System.Net.Security.SslStream"/>.
    /// </summary>
    Sockets,

    /// <summary>As <see cref="Sockets"/>, with every pipe scheduled on one process-wide <c>DedicatedThreadPoolPipeScheduler</c>.</summary>
    SocketsDedicated,
}
