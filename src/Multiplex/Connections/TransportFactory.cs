namespace Multiplex.Connections;

/// <summary>
/// Opens the byte stream to one endpoint (TCP, TLS over TCP, or a unix socket) for a shared or
/// dedicated connection; the caller owns the stream. The default is <see cref="Transport.ConnectAsync"/>.
/// It is the seam through which tests put a stream of their own between the client and the server (one
/// that fails part-way through a write, say) without any hook in the product's path.
/// </summary>
internal delegate Task<Stream> TransportFactory(RedisEndpoint endpoint, RedisClientOptions options, CancellationToken cancellationToken);
