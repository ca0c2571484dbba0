using Multiplex.Commands;

namespace Multiplex.Connections;

/// <summary>
/// Replaces the reply parser of a command before it is queued (see <see cref="PendingCommand.TransformReply"/>):
/// a key-prefix view wraps the parsers of replies that name keys, so they come back without its prefix.
/// </summary>
internal interface IReplyTransform
{
    /// <summary>The parser to read <paramref name="command"/>'s reply with: <paramref name="parser"/> itself, or one that wraps it.</summary>
    public ReplyParser<T> Transform<T>(CommandSpec command, ReplyParser<T> parser);
}
