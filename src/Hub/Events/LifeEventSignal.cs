namespace DataHub.Hub.Events;

/// <summary>
/// Wakes the subscribers of this instance when an event may have been stored (published here, or NOTIFY from another
/// instance). It carries nothing: subscribers read the store after their cursor, so the store stays the truth and a
/// missed or extra wake-up changes nothing but latency.
/// </summary>
public sealed class LifeEventSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next pulse. Take it before reading the store, so a pulse in between is not lost.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    private long _generation;

    /// <summary>How many pulses this instance has seen (the IOC dashboard polls it to know when its figures may have changed).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Pulse()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
