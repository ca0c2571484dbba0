using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Pipelines.Sockets.Unofficial;

namespace Multiplex.Connections;

/// <summary>
/// The two pipes of one shared connection, over the stream its transport factory opened, and the one
/// way to close them. <see cref="PipeTransportKind.Stream"/> wraps the stream itself; the socket kinds
/// hand plain TCP to Pipelines.Sockets.Unofficial's <c>SocketConnection</c> and TLS to its
/// <c>StreamConnection.GetDuplex</c>. Unix sockets, and any stream a test's factory wrapped, stay on
/// the stream path whatever the kind.
/// </summary>
internal sealed class TransportPipes
{
    /// <summary>The environment variable <see cref="Kind"/> is read from once: stream, sockets or sockets-dedicated.</summary>
    public const string KindVariable = "MULTIPLEX_TRANSPORT";

    // Pipe sizes: a 64 KiB read buffer holds thousands of small replies; 4 KiB is the smallest read
    // worth making (one page). The socket pipes use the same segment sizes.
    private const int ReadBufferSize = 64 * 1024;
    private const int MinimumReadSize = 4 * 1024;
    private const int WriteBufferSize = 64 * 1024;

    // The socket pipes read ahead of the reader loop, which parses a frame only once it is whole:
    // pausing the receive loop below the largest frame would stall the connection for good. So it
    // never pauses (zero turns pausing off), and the protocol limits bound a frame as on the stream path.
    private const long NeverPause = 0;

    // The send pipe holds up to four writer batches (Connection.MaxUnflushedBytes, 256 KiB) before a
    // flush waits for the socket, and lets the writer go on at half that.
    private const long SendPauseThreshold = 1024 * 1024;
    private const long SendResumeThreshold = SendPauseThreshold / 2;

    // One scheduler for every connection in the process, with the library's default worker count.
    private static readonly Lazy<PipeScheduler> DedicatedScheduler = new(() => new DedicatedThreadPoolPipeScheduler("Multiplex"));

    private readonly Stream _stream;
    private readonly IDisposable? _socketConnection;

    private TransportPipes(Stream stream, IDisposable? socketConnection, PipeReader input, PipeWriter output)
    {
        _stream = stream;
        _socketConnection = socketConnection;
        Input = input;
        Output = output;
    }

    /// <summary>The kind new sessions use: <see cref="KindVariable"/> when the process starts, else <see cref="PipeTransportKind.Stream"/>.</summary>
    public static PipeTransportKind Kind { get; set; } = ParseKind(Environment.GetEnvironmentVariable(KindVariable));

    /// <summary>Where replies arrive.</summary>
    public PipeReader Input { get; }

    /// <summary>Where frames are written.</summary>
    public PipeWriter Output { get; }

    /// <summary>Builds the pipes of <paramref name="kind"/> over <paramref name="stream"/>, which they then own.</summary>
    public static TransportPipes Create(Stream stream, PipeTransportKind kind)
    {
        if (kind == PipeTransportKind.Stream)
        {
            return OverStream(stream);
        }

        var scheduler = kind == PipeTransportKind.SocketsDedicated ? DedicatedScheduler.Value : PipeScheduler.ThreadPool;
        var send = new PipeOptions(
            readerScheduler: scheduler,
            writerScheduler: scheduler,
            pauseWriterThreshold: SendPauseThreshold,
            resumeWriterThreshold: SendResumeThreshold,
            minimumSegmentSize: WriteBufferSize,
            useSynchronizationContext: false);
        var receive = new PipeOptions(
            readerScheduler: scheduler,
            writerScheduler: scheduler,
            pauseWriterThreshold: NeverPause,
            resumeWriterThreshold: NeverPause,
            minimumSegmentSize: ReadBufferSize,
            useSynchronizationContext: false);

        // Exact types only: a test's wrapper keeps its behaviour (a fault it injects) on the stream path.
        if (stream.GetType() == typeof(NetworkStream) && ((NetworkStream)stream).Socket is { AddressFamily: AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 } socket)
        {
            var connection = SocketConnection.Create(socket, send, receive);
            return new TransportPipes(stream, connection, connection.Input, connection.Output);
        }

        if (stream.GetType() == typeof(SslStream))
        {
            var duplex = StreamConnection.GetDuplex(stream, send, receive);
            return new TransportPipes(stream, null, duplex.Input, duplex.Output);
        }

        return OverStream(stream);
    }

    /// <summary>
    /// Closes the transport: a pending read ends at once (the reader sees the pipe fail or complete),
    /// and so does a flush waiting for the socket. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        _socketConnection?.Dispose();
        _stream.Dispose();
    }

    private static TransportPipes OverStream(Stream stream) => new(
        stream,
        null,
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: MinimumReadSize, leaveOpen: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: WriteBufferSize, leaveOpen: true)));

    private static PipeTransportKind ParseKind(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "stream" => PipeTransportKind.Stream,
        "sockets" => PipeTransportKind.Sockets,
        "sockets-dedicated" => PipeTransportKind.SocketsDedicated,
        _ => throw new InvalidOperationException($"{KindVariable} must be stream, sockets or sockets-dedicated, not '{value}'."),
    };
}
