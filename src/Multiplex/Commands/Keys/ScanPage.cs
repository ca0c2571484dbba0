namespace Multiplex.Commands.Keys;

/// <summary>One reply of a cursor command: the next cursor (0 when done) and the keys of this page.</summary>
internal readonly record struct ScanPage(ulong Cursor, RedisKey[] Keys);
