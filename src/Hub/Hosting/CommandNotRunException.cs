namespace DataHub.Hub.Hosting;

/// <summary>A command could not run (the hub's configuration or stores are not usable); exit code 2.</summary>
public sealed class CommandNotRunException(string message) : Exception(message);
