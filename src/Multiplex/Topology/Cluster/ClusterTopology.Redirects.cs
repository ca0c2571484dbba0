using System.Buffers;
using Multiplex.Connections;
using Multiplex.Diagnostics;
using Multiplex.Protocol;

namespace Multiplex.Topology.Cluster;

/// <summary>
/// Redirections: MOVED (the slot has a new owner: the table is corrected, the map reloaded, the command
/// sent there), ASK (the slot is being migrated: ASKING and the command to the importing node, once),
/// TRYAGAIN and CLUSTERDOWN (sent again after a short backoff, within the command's timeout). The
/// command is sent again as it was encoded; its caller sees none of this unless the redirects run out.
/// </summary>
internal sealed partial class ClusterTopology
{
    // Backoff before re-sending after TRYAGAIN or CLUSTERDOWN: doubles from the first delay up to the
    // cap, and never past the command's deadline.
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc />
    public bool TryRedirect(PendingCommand command, in ReadOnlySequence<byte> errorFrame)
    {
        var reader = new RespReader(errorFrame);
        reader.TryMoveNext();
        var message = reader.ReadString() ?? string.Empty;
        var kind = ServerErrorParser.Classify(message, out _);
        if (kind == ServerErrorKind.ReadOnly && FollowsRole)
        {
            return RedirectReadOnly(command, command.Endpoint ?? _seed.EndpointText);
        }

        if (kind is not (ServerErrorKind.Moved or ServerErrorKind.Ask or ServerErrorKind.TryAgain or ServerErrorKind.ClusterDown))
        {
            return false;
        }

        var from = command.Endpoint ?? _seed.EndpointText;
        var history = command.Redirected ??= new RedirectHistory();
        history.NodesTried.Add(from);
        Log.Redirected(_logger, command.Command.Name, from, message);
        if (kind is ServerErrorKind.TryAgain or ServerErrorKind.ClusterDown)
        {
            if (kind == ServerErrorKind.ClusterDown)
            {
                RequestRefresh();
            }

            history.Retries++;
            command.PrepareResend();
            _ = ResendLaterAsync(command, message);
            return true;
        }

        if (!ClusterRedirect.TryParse(message, EndpointOf(from), out var redirect) || _cluster.MaxRedirects == 0)
        {
            return false;
        }

        if (++history.Hops > _cluster.MaxRedirects)
        {
            FailRedirectLoop(command, redirect.Slot, history, message, from);
            return true;
        }

        Instrumentation.RecordRedirect(kind == ServerErrorKind.Moved ? "MOVED" : "ASK", command.Server);
        command.PrepareResend();
        if (kind == ServerErrorKind.Moved)
        {
            var owner = MoveSlot(redirect.Slot, redirect.Target);
            RequestRefresh();
            owner.Enqueue(command, CancellationToken.None);
        }
        else
        {
            var importing = GetOrAddNode(redirect.Target, NodeRole.Primary, out var added);
            if (added)
            {
                importing.StartInBackground();
            }

            importing.Enqueue(new AskingCommand(command), CancellationToken.None);
        }

        return true;
    }

    /// <summary>The endpoint a reply came from, for a redirect that leaves the host out (<c>MOVED 3999 :7002</c>).</summary>
    private RedisEndpoint EndpointOf(string endpoint)
    {
        foreach (var node in Nodes)
        {
            if (node.EndpointText == endpoint)
            {
                return node.Endpoint;
            }
        }

        return _seed.Endpoint;
    }

    /// <summary>
    /// Sends a command again after TRYAGAIN or CLUSTERDOWN, once a backoff has passed, to the node that
    /// owns its slot then; it times out (not sent) when its deadline comes first.
    /// </summary>
    private async Task ResendLaterAsync(PendingCommand command, string lastError)
    {
        var retries = command.Redirected!.Retries;
        var delay = Math.Min(MaxRetryDelay.TotalMilliseconds, FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retries - 1, 16)));
        var remaining = command.DeadlineMilliseconds - Environment.TickCount64;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, Math.Min(delay, remaining))), _disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            command.Abandon(new RedisConnectionException(
                $"{command.Command.Name} was not sent again after '{lastError}': the client was disposed.", CommandOutcome.NotSent)
            { Command = command.Command.Name, Endpoint = command.Endpoint });
            return;
        }

        if (command.IsCallerCompleted)
        {
            command.Abandon(null);
            return;
        }

        if (Environment.TickCount64 >= command.DeadlineMilliseconds)
        {
            command.Abandon(new RedisTimeoutException(
                $"{command.Command.Name} timed out after {command.TimeoutMilliseconds} ms (not run): the cluster answered '{lastError}' " +
                $"{retries} time(s) (nodes: {string.Join(", ", command.Redirected.NodesTried.Distinct())}).", CommandOutcome.NotSent)
            { Command = command.Command.Name, Endpoint = command.Endpoint });
            return;
        }

        if (!Reroute(command))
        {
            command.Abandon(new RedisConnectionException($"{command.Command.Name} was not sent again: the client was disposed.", CommandOutcome.NotSent)
            {
                Command = command.Command.Name,
                Endpoint = command.Endpoint,
            });
        }
    }

    private void FailRedirectLoop(PendingCommand command, int slot, RedirectHistory history, string lastError, string from)
    {
        var name = command.Command.Name;
        command.TryFail(new RedisClusterException(
            $"{name} was redirected {history.Hops - 1} time(s) for slot {slot} ({string.Join(" -> ", history.NodesTried)}) and was not sent again: " +
            $"ClusterOptions.MaxRedirects is {_cluster.MaxRedirects}. The last node answered '{lastError}'. The cluster may be resharding, or its nodes disagree about the slot's owner.",
            [slot],
            [.. history.NodesTried],
            CommandOutcome.NotSent,
            new RedisServerException(lastError, name, from))
        {
            Command = name,
            Endpoint = from,
        });
    }
}
