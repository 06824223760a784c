namespace DataHub.Hub.Audit;

/// <summary>The checkpoint key is missing, malformed or exposed: the hub does not start (or verify) with it.</summary>
public sealed class CheckpointKeyException(string message) : Exception(message);
