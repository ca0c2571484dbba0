using System.Buffers;

namespace Multiplex.Connections;

/// <content>Committing one command's frame to the session, by copy or, for a large frame, as it is.</content>
internal sealed partial class Connection
{
    /// <summary>
    /// Commits <paramref name="command"/>'s frame (or, for a batch, its commands' frames back to back);
    /// the command is already in the in-flight queue. A small frame is copied into the pipe, to leave
    /// with the rest of the batch; a large one goes to the transport from the command's own buffer
    /// (<see cref="ConnectionSession.WriteLargeFrameAsync"/>), so a large value is not copied again on
    /// its way out. Completes synchronously when every frame is small.
    /// </summary>
    private static ValueTask WriteFrameAsync(ConnectionSession session, PendingCommand command)
    {
        if (command.FrameParts is { } parts)
        {
            return WritePartsAsync(session, parts);
        }

        command.WriteCachingPrefixTo(session.Output);
        if (command.TryGetLargeFrame(out var frame))
        {
            return WriteLargeFrameAsync(session, command, frame);
        }

        session.Output.Write(command.Encoded);
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes a large frame from the command's own buffer, holding the command until the transport is done with it.</summary>
    private static async ValueTask WriteLargeFrameAsync(ConnectionSession session, PendingCommand command, ReadOnlyMemory<byte> frame)
    {
        command.HoldForWrite();
        try
        {
            await session.WriteLargeFrameAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            command.ReleaseAfterWrite();
        }
    }

    private static async ValueTask WritePartsAsync(ConnectionSession session, IReadOnlyList<PendingCommand> parts)
    {
        // Counted once: a batch whose last reply is in hands its list back to a pool, possibly while
        // this loop is still returning from writing its last part.
        var count = parts.Count;
        for (var i = 0; i < count; i++)
        {
            await WriteFrameAsync(session, parts[i]).ConfigureAwait(false);
        }
    }
}
