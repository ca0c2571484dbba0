namespace Multiplex.Connections;

/// <summary>What the stuck-connection rule needs to know of the oldest command in flight.</summary>
/// <param name="Name">The command's name, for the message.</param>
/// <param name="WrittenAtMilliseconds">When it was written (<see cref="Environment.TickCount64"/>).</param>
/// <param name="TimeoutMilliseconds">Its timeout.</param>
internal readonly record struct OldestCommand(string Name, long WrittenAtMilliseconds, long TimeoutMilliseconds);
