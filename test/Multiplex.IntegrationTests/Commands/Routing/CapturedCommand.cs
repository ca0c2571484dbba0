using Multiplex.Commands;

namespace Multiplex.IntegrationTests.Commands.Routing;

/// <summary>What a command method handed over to be sent: its declared spec and its encoded frame.</summary>
internal sealed record CapturedCommand(CommandSpec Spec, byte[] Frame)
{
    /// <summary>The frame's arguments, the command name included.</summary>
    public IReadOnlyList<byte[]> Arguments
    {
        get
        {
            var ranges = new Range[Topology.CommandFrame.ArgumentCount(Frame)];
            var count = Topology.CommandFrame.Read(Frame, ranges);
            return [.. ranges.Take(count).Select(range => Frame[range])];
        }
    }
}

/// <summary>Thrown by the capturing seams once they have recorded a command, so nothing is sent.</summary>
internal sealed class CapturedException() : Exception("captured");
