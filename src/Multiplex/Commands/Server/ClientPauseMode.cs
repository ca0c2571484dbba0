namespace Multiplex;

/// <summary>Which commands CLIENT PAUSE holds back.</summary>
public enum ClientPauseMode
{
    /// <summary>Every command of every client (<c>ALL</c>).</summary>
    All,

    /// <summary>Only commands that may write (<c>WRITE</c>); reads keep running.</summary>
    Write,
}
