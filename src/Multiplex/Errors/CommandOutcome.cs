namespace Multiplex;

/// <summary>What is known about whether a failed command ran on the server.</summary>
public enum CommandOutcome
{
    /// <summary>No byte of the command reached the transport: it certainly did not run.</summary>
    NotSent,

    /// <summary>The command was written and its reply never arrived: it may or may not have run.</summary>
    Unknown,
}
