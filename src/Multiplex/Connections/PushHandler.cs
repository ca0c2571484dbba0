using System.Buffers;

namespace Multiplex.Connections;

/// <summary>
/// Takes a push (a RESP3 out-of-band frame, or an array on a RESP2 subscriber connection) that arrived
/// on <paramref name="connection"/>, on its reader loop.
/// </summary>
/// <param name="connection">The connection the frame arrived on.</param>
/// <param name="frame">The whole frame.</param>
/// <param name="inFlight">
/// The connection's commands written and not yet answered; the handler peeks at the head only for a
/// subscription confirmation, so a message costs no lock.
/// </param>
/// <returns>True when the frame answers the in-flight head; false when the handler consumed it.</returns>
internal delegate bool PushHandler(Connection connection, in ReadOnlySequence<byte> frame, InFlightQueue inFlight);
