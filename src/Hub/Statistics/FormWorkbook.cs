using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataHub.Hub.Statistics;

/// <summary>
/// A form as an .xlsx workbook (Open XML SDK): one sheet, a title row (the form's Vietnamese and English titles and
/// when it was computed), then <see cref="FormLines"/> as the CSV has them — numbers as numbers, a suppressed cell
/// empty with its suppression beside it. Texts are inline strings, never formulas, so a key cannot run in a spreadsheet.
/// </summary>
public static class FormWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The title row's label before the computed time.</summary>
    public const string ComputedAtLabel = "computedAt";

    public static byte[] Write(FormRun run)
    {
        var lines = FormLines.Of(run);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var title = $"{run.Form.TitleVi} / {run.Form.TitleEn}";
            data.Append(Row(1, [title, ComputedAtLabel, lines.ComputedAt]));
            data.Append(Row(2, lines.Header));
            for (var i = 0; i < lines.Lines.Count; i++)
            {
                data.Append(Row((uint)(i + 3), lines.Lines[i]));
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName(run.Form.Id) });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IEnumerable<object?> values)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var value in values)
        {
            var reference = Column(column++) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(value switch
            {
                double number => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) },
                string { Length: > 0 } text => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) },
                _ => new Cell { CellReference = reference },
            });
        }

        return row;
    }

    // 0 → A, 25 → Z, 26 → AA.
    private static string Column(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Column((index / 26) - 1) + (char)('A' + (index % 26));

    // A sheet name holds at most 31 characters.
    private static string SheetName(string id) => id.Length <= 31 ? id : id[..31];
}
