using Multiplex.Commands;
using Multiplex.Connections;

namespace Multiplex.Views;

/// <summary>
/// The sink of a command surface made through a key-prefix view: each command gets the prefix (or is
/// refused) once it is encoded, and then goes where the surface's own sink sends it. Surfaces without a
/// prefix never see this type, so the client's own commands pay nothing for views.
/// </summary>
internal sealed class KeyPrefixSink(ICommandSink inner, KeyPrefixer prefix) : ICommandSink
{
    public string Description => inner.Description;

    public void Add(PendingCommand command, CancellationToken cancellationToken)
    {
        prefix.Apply(command);
        inner.Add(command, cancellationToken);
    }
}
