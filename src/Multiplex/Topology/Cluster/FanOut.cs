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
    private readonly IReadOnlyList<int[]>? _keyOrder;
    private readonly int _keyCount;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;
    private int _remaining;

    /// <param name="command">The caller's command.</param>
    /// <param name="parts">How many parts are sent.</param>
    /// <param name="keyOrder">For a split command: each part's keys' positions among the caller's keys.</param>
    /// <param name="keyCount">For a split command: how many keys the caller gave.</param>
    public FanOut(PendingCommand command, int parts, IReadOnlyList<int[]>? keyOrder = null, int keyCount = 0)
    {
        _command = command;
        _replies = new byte[]?[parts];
        _endpoints = new string?[parts];
        _keyOrder = keyOrder;
        _keyCount = keyCount;
        _remaining = parts;
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
            var combined = _keyOrder is null
                ? ReplyCombiner.Combine(_command.Command.Aggregate, _replies!)
                : ReplyCombiner.InKeyOrder(_replies!, _keyOrder, _keyCount);
            _command.OnReply(new ReadOnlySequence<byte>(combined));
        }

        _command.ReleaseWire();
        _done.TrySetResult();
    }
}
