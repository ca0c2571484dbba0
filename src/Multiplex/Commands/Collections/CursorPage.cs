namespace Multiplex.Commands.Collections;

/// <summary>One reply of a cursor command (HSCAN, SSCAN): the next cursor and this page's items.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Cursor">The cursor to send next, exactly as the server sent it; <c>0</c> when the scan is complete.</param>
/// <param name="Items">The items of this page (possibly none).</param>
internal readonly record struct CursorPage<T>(RedisValue Cursor, T[] Items)
{
    private static readonly RedisValue Finished = "0";

    /// <summary>Whether the server has returned every element.</summary>
    public bool IsFinal => Cursor == Finished;
}
