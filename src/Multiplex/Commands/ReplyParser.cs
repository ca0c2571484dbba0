using Multiplex.Protocol;

namespace Multiplex.Commands;

/// <summary>
/// Turns one reply frame into a command's result. Parsers are stateless singletons; they run on the
/// reader loop and must not call user code. Error replies never reach a parser.
/// </summary>
/// <typeparam name="T">The result type.</typeparam>
internal abstract class ReplyParser<T>
{
    /// <summary>Parses the reply whose first element the reader is positioned on.</summary>
    public abstract T Parse(ref RespReader reader);
}
