namespace DataHub.Hub.Documents;

/// <summary>One document as a department pushes it: where it came from (a file name) and its text.</summary>
public sealed record DocumentFile(string Name, string Text);
