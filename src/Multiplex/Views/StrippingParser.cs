using Multiplex.Commands;
using Multiplex.Protocol;

namespace Multiplex.Views;

/// <summary>Reads a reply with the command's own parser, then takes a view's prefix off the keys (or channels) it names.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class StrippingParser<T>(ReplyParser<T> inner, Func<KeyPrefixer, T, T> strip, KeyPrefixer prefix) : ReplyParser<T>
{
    public override T Parse(ref RespReader reader) => strip(prefix, inner.Parse(ref reader));
}
