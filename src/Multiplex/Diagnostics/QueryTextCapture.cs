namespace Multiplex;

/// <summary>
/// Whether a command's span carries its text (<c>db.query.text</c>), and how much of it
/// (<see cref="RedisClientOptions.QueryTextCapture"/>).
/// </summary>
public enum QueryTextCapture
{
    /// <summary>No <c>db.query.text</c> attribute: the span names the command only (<c>db.operation.name</c>). The default.</summary>
    None = 0,

    /// <summary>
    /// The command name and one <c>?</c> per argument (<c>SET ? ? ? ?</c>): the shape of the command, never
    /// a key or a value.
    /// </summary>
    Placeholders = 1,

    /// <summary>
    /// The command with its arguments, keys and values included, each shortened to 64 characters and the
    /// whole to 1,024. Only for data that may be stored wherever the traces go.
    /// </summary>
    Full = 2,
}
