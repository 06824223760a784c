namespace DataHub.Hub.Admin;

/// <summary>The labels of the steward console (<c>Resources/Admin/ConsoleText.resx</c>: Vietnamese, <c>.en.resx</c>: English).</summary>
public sealed class ConsoleText;
