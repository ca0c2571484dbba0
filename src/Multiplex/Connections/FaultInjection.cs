using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Multiplex.Connections;

/// <summary>
/// Test hooks that break the write path on purpose, to prove invariant 2 of ARCHITECTURE.md: a command
/// whose encoding fails is dropped before any of its bytes reach the socket, and a write that fails
/// part-way tears the connection down and fails every in-flight command as "outcome unknown". Off
/// unless a test installs a <see cref="FaultPlan"/>; when off each hook costs one volatile read and
/// one branch.
/// </summary>
/// <remarks>
/// The plan, its faulty stream and its exception live in this one file so that the whole test hook is
/// a single file beside the loops it breaks. The hooks are called from three places, one line each: <c>RedisClient.Send</c> (after the command
/// is encoded, before it is queued), the writer loop (after the command joins the in-flight queue,
/// before its frame is copied into the pipe), and <c>ConnectionSession.OpenAsync</c> (the transport
/// stream).
/// </remarks>
internal static class FaultInjection
{
    private static volatile FaultPlan? _plan;

    /// <summary>The faults to inject, or null (the default) for none.</summary>
    public static FaultPlan? Plan
    {
        get => _plan;
        set => _plan = value;
    }

    /// <summary>Called with each encoded command before it is queued; may throw <see cref="InjectedFaultException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OnEncoded(string? clientName, PendingCommand command)
    {
        var plan = _plan;
        if (plan is not null)
        {
            plan.OnEncoded(clientName, command);
        }
    }

    /// <summary>Called by the writer loop before it copies a frame into the pipe; may write part of it and throw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OnCommit(string? clientName, PendingCommand command, PipeWriter output)
    {
        var plan = _plan;
        if (plan is not null)
        {
            plan.OnCommit(clientName, command, output);
        }
    }

    /// <summary>Called with each new transport stream; returns it, or a wrapper whose writes fail part-way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Stream OnTransportOpened(string? clientName, Stream stream)
    {
        var plan = _plan;
        return plan is null ? stream : plan.WrapTransport(clientName, stream);
    }
}

/// <summary>
/// Which faults to inject, for the client whose <see cref="RedisClientOptions.ClientName"/> is
/// <see cref="ClientName"/> (other clients in the same process are left alone). Each rule fires on
/// every Nth event of its kind; zero turns it off.
/// </summary>
internal sealed class FaultPlan
{
    private long _encoded;
    private long _committed;
    private long _transportWrites;
    private long _encodeFaults;
    private long _commitFaults;
    private long _transportFaults;

    /// <summary>The client the plan applies to.</summary>
    public required string ClientName { get; init; }

    /// <summary>Every Nth command's encoding fails (the caller gets <see cref="InjectedFaultException"/>).</summary>
    public int EncodeFailureEvery { get; init; }

    /// <summary>Every Nth commit fails after copying part of the frame into the pipe.</summary>
    public int CommitFailureEvery { get; init; }

    /// <summary>Every Nth write to the transport sends part of its bytes, then fails with <see cref="IOException"/>.</summary>
    public int TransportFailureEvery { get; init; }

    /// <summary>Encoding failures injected so far.</summary>
    public long EncodeFaults => Interlocked.Read(ref _encodeFaults);

    /// <summary>Commit failures injected so far.</summary>
    public long CommitFaults => Interlocked.Read(ref _commitFaults);

    /// <summary>Transport write failures injected so far.</summary>
    public long TransportFaults => Interlocked.Read(ref _transportFaults);

    /// <summary>All faults injected so far.</summary>
    public long Total => EncodeFaults + CommitFaults + TransportFaults;

    internal void OnEncoded(string? clientName, PendingCommand command)
    {
        if (Fires(clientName, EncodeFailureEvery, ref _encoded, ref _encodeFaults))
        {
            throw new InjectedFaultException($"Injected fault: encoding {command.Command.Name} failed.");
        }
    }

    internal void OnCommit(string? clientName, PendingCommand command, PipeWriter output)
    {
        if (Fires(clientName, CommitFailureEvery, ref _committed, ref _commitFaults))
        {
            // Half a frame in the pipe: exactly what must never be flushed to the socket.
            output.Write(command.Encoded[..(command.Encoded.Length / 2)]);
            throw new InjectedFaultException($"Injected fault: committing {command.Command.Name} failed part-way.");
        }
    }

    internal Stream WrapTransport(string? clientName, Stream stream) =>
        clientName == ClientName && TransportFailureEvery > 0 ? new FaultyStream(stream, this) : stream;

    private bool Fires(string? clientName, int every, ref long events, ref long faults)
    {
        if (every <= 0 || clientName != ClientName || Interlocked.Increment(ref events) % every != 0)
        {
            return false;
        }

        Interlocked.Increment(ref faults);
        return true;
    }

    /// <summary>A transport whose every Nth write sends a prefix of its bytes and then fails.</summary>
    private sealed class FaultyStream(Stream inner, FaultPlan plan) : Stream
    {
        private bool _broken;

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!_broken && !plan.Fires(plan.ClientName, plan.TransportFailureEvery, ref plan._transportWrites, ref plan._transportFaults))
            {
                inner.Write(buffer, offset, count);
                return;
            }

            if (!_broken && count > 1)
            {
                inner.Write(buffer, offset, count / 2);
            }

            _broken = true;
            throw new IOException("Injected fault: the transport failed part-way through a write.");
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_broken && !plan.Fires(plan.ClientName, plan.TransportFailureEvery, ref plan._transportWrites, ref plan._transportFaults))
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!_broken && buffer.Length > 1)
            {
                await inner.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken).ConfigureAwait(false);
            }

            _broken = true;
            throw new IOException("Injected fault: the transport failed part-way through a write.");
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The failure a <see cref="FaultPlan"/> injects.</summary>
internal sealed class InjectedFaultException(string message) : Exception(message);
