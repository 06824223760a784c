using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataHub.Tests.Statistics;

/// <summary>Reads an .xlsx back with the Open XML SDK: each row's cells as text, a gap in a row as an empty text.</summary>
internal static class Workbook
{
    public static List<List<string>> Rows(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var rows = new List<List<string>>();
        foreach (var row in part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var texts = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = Column(cell.CellReference!.Value!);
                while (texts.Count < column)
                {
                    texts.Add("");
                }

                texts.Add(Text(cell));
            }

            rows.Add(texts);
        }

        return rows;
    }

    private static string Text(Cell cell)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString!.InnerText;
        }

        return cell.CellValue is { } value
            ? double.Parse(value.Text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : "";
    }

    private static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            column = (column * 26) + (c - 'A' + 1);
        }

        return column - 1;
    }
}
