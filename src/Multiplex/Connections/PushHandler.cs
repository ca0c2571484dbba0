using System.Buffers;

namespace Multiplex.Connections;

/// <summary>
/// Takes a push (a RESP3 out-of-band frame, or an array on a RESP2 subscriber connection) that arrived
/// on <paramref name="connection"/>, on its reader loop.
/// </summary>
/// <param name="connection">The connection the frame arrived on.</param>
/// <param name="frame">The whole frame.</param>
/// <param name="head">The oldest command written and not yet answered on that connection, if any.</param>
/// <returns>True when the frame answers <paramref name="head"/>; false when the handler consumed it.</returns>
internal delegate bool PushHandler(Connection connection, in ReadOnlySequence<byte> frame, PendingCommand? head);
