using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// A command with its arguments, built fluently (<c>new CommandArgumentList(AclSetUser).Add(name)</c>)
/// and encoded straight into this thread's reusable <see cref="CommandArguments"/> buffer: building
/// and sending a command allocates nothing.
/// </summary>
internal readonly struct CommandArgumentList
{
    private readonly CommandArguments _arguments;

    /// <summary>Starts the arguments of <paramref name="command"/>; its name and subcommand are written by <see cref="WriteTo"/>.</summary>
    public CommandArgumentList(CommandSpec command)
    {
        Command = command;
        _arguments = CommandArguments.Rent();
    }

    /// <summary>The command the arguments belong to.</summary>
    public CommandSpec Command { get; }

    /// <summary>How many arguments were added (the command name and subcommand not counted).</summary>
    public int Count => _arguments.Count;

    public CommandArgumentList Add(CommandToken token)
    {
        _arguments.Add(token);
        return this;
    }

    public CommandArgumentList Add(RedisValue value)
    {
        _arguments.Add(value);
        return this;
    }

    public CommandArgumentList AddKey(RedisKey key)
    {
        _arguments.Add(key);
        return this;
    }

    public CommandArgumentList Add(CommandToken token, RedisValue value) => Add(token).Add(value);

    /// <summary>Writes the command name, its subcommand and every argument as one RESP array.</summary>
    public void WriteTo(IBufferWriter<byte> writer) => _arguments.WriteTo(writer, Command);
}
