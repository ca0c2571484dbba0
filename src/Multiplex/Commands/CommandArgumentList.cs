using System.Buffers;
using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// A command name with its arguments, built fluently (<c>new CommandArgumentList(ACL).Add(SETUSER).Add(name)</c>)
/// and encoded straight into this thread's reusable <see cref="CommandArguments"/> buffer: building
/// and sending a command allocates nothing.
/// </summary>
internal readonly struct CommandArgumentList
{
    private readonly CommandArguments _arguments;

    public CommandArgumentList(CommandToken command)
    {
        Command = command;
        _arguments = CommandArguments.Rent();
    }

    /// <summary>The command the arguments belong to.</summary>
    public CommandToken Command { get; }

    /// <summary>How many arguments were added (the command name not counted).</summary>
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

    /// <summary>Writes the command name and every argument as one RESP array.</summary>
    public void WriteTo(IBufferWriter<byte> writer) => _arguments.WriteTo(writer, Command);
}
