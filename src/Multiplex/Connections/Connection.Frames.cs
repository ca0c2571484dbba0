using System.Buffers;

namespace Multiplex.Connections;

/// <content>Committing one command's frame to the session, by copy or, for a large frame, as it is.</content>
internal sealed partial class Connection
{
    /// <summary>
    /// Commits <paramref name="command"/>'s frame, which is already in the in-flight queue: a small
    /// frame is copied into the pipe, to leave with the rest of the batch; a large one goes to the
    /// transport from the command's own buffer (<see cref="ConnectionSession.WriteLargeFrameAsync"/>),
    /// so a large value is not copied again on its way out. Completes synchronously for a small frame.
    /// </summary>
    private static ValueTask WriteFrameAsync(ConnectionSession session, PendingCommand command)
    {
        if (command.TryGetLargeFrame(out var frame))
        {
            return session.WriteLargeFrameAsync(frame);
        }

        session.Output.Write(command.Encoded);
        return ValueTask.CompletedTask;
    }
}
