using KubeTune.Trainer.Data;

namespace KubeTune.Trainer.Tests.Data;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public void Read_QuotedCommasQuotesAndLineBreaks_ParsesFieldsAndKeepsTheStartLine()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("train.csv", "text,label\r\n\"good, really\",pos\r\n\"she said \"\"no\"\"\nthen left\",neg\r\nplain,pos\n");

        var records = CsvRecordReader.Read(file, RowBound.MinBytes).ToList();

        Assert.Equal([2L, 3L, 5L], records.Select(record => record.Line));
        Assert.Equal("good, really", records[0].Fields!["text"]!.GetValue<string>());
        Assert.Equal("she said \"no\"\nthen left", records[1].Fields!["text"]!.GetValue<string>());
        Assert.Equal("neg", records[1].Fields!["label"]!.GetValue<string>());
        Assert.Equal("pos", records[2].Fields!["label"]!.GetValue<string>());
    }

    [Fact]
    public void Read_RowWithTooFewColumnsOrUnclosedQuote_ReportsTheProblem()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("train.csv", "text,label\nonly-one-column\n\"never closed,pos\n");

        var records = CsvRecordReader.Read(file, RowBound.MinBytes).ToList();

        Assert.Equal("expected 2 columns (as the header), found 1", records[0].Problem);
        Assert.Equal(2, records[0].Line);
        Assert.Contains("not closed", records[1].Problem, StringComparison.Ordinal);
        Assert.Equal(3, records[1].Line);
    }
}
