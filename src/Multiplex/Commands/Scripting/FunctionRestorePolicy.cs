namespace Multiplex;

/// <summary>What FUNCTION RESTORE does with libraries that already exist.</summary>
public enum FunctionRestorePolicy
{
    /// <summary>Add the dumped libraries; fail if a name clashes (<c>APPEND</c>, the server's default).</summary>
    Append,

    /// <summary>Delete every existing library first (<c>FLUSH</c>).</summary>
    Flush,

    /// <summary>Add the dumped libraries, replacing those with the same name (<c>REPLACE</c>).</summary>
    Replace,
}
