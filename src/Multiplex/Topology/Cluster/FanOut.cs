using System.Buffers;
using Multiplex.Connections;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// A command sent to several nodes (FLUSHALL, DBSIZE, KEYS, SCRIPT LOAD) or split by slot (MGET, DEL
/// over keys of several slots): it holds the caller's command, which is never written itself, and
/// completes it with the parts' replies combined by the command's <see cref="ReplyAggregate"/>, as if
/// one node had answered. A part that fails without a reply (a timeout, a lost connection) fails the
/// command with that part's error.
/// </summary>
internal sealed class FanOut
{
    private readonly PendingCommand _command;
    private readonly byte[]?[] _replies;
    private readonly string?[] _endpoints;
    private readonly SlotPart[]? _parts;
    private readonly int _keyCount;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;
    private int _remaining;

    /// <param name="command">The caller's command.</param>
    /// <param name="parts">How many parts are sent.</param>
    public FanOut(PendingCommand command, int parts)
    {
        _command = command;
        _replies = new byte[]?[parts];
        _endpoints = new string?[parts];
        _remaining = parts;
    }

    /// <summary>A command split by slot whose replies are put back in the order of the caller's keys (MGET).</summary>
    /// <param name="command">The caller's command.</param>
    /// <param name="parts">The parts it was split into.</param>
    /// <param name="keyCount">How many keys the caller gave.</param>
    public FanOut(PendingCommand command, SlotPart[] parts, int keyCount)
        : this(command, parts.Length)
    {
        _parts = parts;
        _keyCount = keyCount;
    }

    /// <summary>Completes when the caller's command has its outcome.</summary>
    public Task Completion => _done.Task;

    /// <summary>A part's reply (a value or the node's error), as raw bytes.</summary>
    public void OnPartReply(int index, byte[] reply, string? endpoint)
    {
        _replies[index] = reply;
        _endpoints[index] = endpoint;
        PartDone();
    }

    /// <summary>A part failed without a reply.</summary>
    public void OnPartFailed(Exception exception)
    {
        Interlocked.CompareExchange(ref _failure, exception, null);
        PartDone();
    }

    private void PartDone()
    {
        if (Interlocked.Decrement(ref _remaining) != 0)
        {
            return;
        }

        _command.Endpoint = string.Join(", ", _endpoints.Where(endpoint => endpoint is not null).Distinct());
        if (_failure is not null)
        {
            _command.TryFail(_failure);
        }
        else
        {
            var replies = new ReadOnlyMemory<byte>[_replies.Length];
            for (var i = 0; i < replies.Length; i++)
            {
                replies[i] = _replies[i];
            }

            var combined = new ArrayBufferWriter<byte>();
            if (_parts is null)
            {
                ReplyCombiner.Combine(_command.Command.Aggregate, replies, combined);
            }
            else
            {
                ReplyCombiner.CombineInKeyOrder(replies, _parts, _keyCount, combined);
            }

            _command.OnReply(new ReadOnlySequence<byte>(combined.WrittenMemory));
        }

        _command.ReleaseWire();
        _done.TrySetResult();
    }
}
