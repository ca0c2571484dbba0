using System.Text;

namespace Multiplex.LoadTest;

/// <summary>Lays out rows as a plain-text table: the first row is the header, underlined; numbers align right.</summary>
public static class TextTable
{
    /// <summary>Pads every column to its widest cell; the columns in <paramref name="leftAligned"/> align left, the others right.</summary>
    public static string Format(IReadOnlyList<string[]> rows, params int[] leftAligned)
    {
        var header = rows[0];
        var widths = Enumerable.Range(0, header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                var cell = leftAligned.Contains(column) ? row[column].PadRight(widths[column]) : row[column].PadLeft(widths[column]);
                text.Append(cell).Append(column + 1 < row.Length ? "  " : "\n");
            }

            if (ReferenceEquals(row, header))
            {
                text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return text.ToString();
    }
}
