using GraphQL.DataLoader;

namespace DataHub.Hub.Planning;

/// <summary>A batch loader as its request sees it: something that may hold keys waiting to be fetched.</summary>
public interface IPendingBatch
{
    /// <summary>Starts the fetch of the keys collected so far, if any; a later load starts a new batch.</summary>
    void DispatchPending(CancellationToken cancellationToken);
}

/// <summary>
/// Collects the keys that resolvers ask for while GraphQL.NET walks one level of the query, then fetches them
/// all in one call when the first result is awaited (GraphQL.NET awaits data-loader results only after every
/// field of the level has been resolved). Keys asked for later start a new batch.
/// The fields asked for are merged, so the one call reads every field any caller of the batch needs.
/// When the first result of a level is awaited, every loader of the request starts its batch at once
/// (<see cref="HubRequestContext.DispatchPending"/>): independent sources at one level are fetched in parallel,
/// while the resolvers themselves run one after another (GraphQL.NET's serial strategy, no locks contended).
/// </summary>
public sealed class BatchLoader<T>(BatchLoader<T>.Fetch fetch, Action<CancellationToken>? dispatchAll = null) : IPendingBatch
    where T : class
{
    public delegate Task<IReadOnlyDictionary<string, T>> Fetch(
        IReadOnlyCollection<string> keys, IReadOnlyCollection<string> fields, CancellationToken cancellationToken);

    private readonly Lock _lock = new();
    private Batch _current = new();

    public IDataLoaderResult<T?> Load(string key, IEnumerable<string> fields)
    {
        lock (_lock)
        {
            _current.Keys.Add(key);
            if (!ReferenceEquals(fields, _current.LastFields))
            {
                // Every object of a level usually asks with the same (cached) collection: merged once, not once per object.
                _current.Fields.UnionWith(fields);
                _current.LastFields = fields;
            }

            return new Result(this, _current, key);
        }
    }

    public void DispatchPending(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_current.Keys.Count > 0)
            {
                Start(_current, cancellationToken);
            }
        }
    }

    private Task<IReadOnlyDictionary<string, T>> Dispatch(Batch batch, CancellationToken cancellationToken)
    {
        if (batch.Task is null)
        {
            dispatchAll?.Invoke(cancellationToken); // outside this loader's lock: it takes every loader's in turn
        }

        lock (_lock)
        {
            return Start(batch, cancellationToken);
        }
    }

    private Task<IReadOnlyDictionary<string, T>> Start(Batch batch, CancellationToken cancellationToken)
    {
        if (batch.Task is null)
        {
            if (ReferenceEquals(_current, batch))
            {
                _current = new Batch();
            }

            batch.Task = fetch(batch.Keys, batch.Fields, cancellationToken);
        }

        return batch.Task;
    }

    private sealed class Batch
    {
        public HashSet<string> Keys { get; } = [];

        public HashSet<string> Fields { get; } = [];

        public IEnumerable<string>? LastFields { get; set; }

        public Task<IReadOnlyDictionary<string, T>>? Task { get; set; }
    }

    private sealed class Result(BatchLoader<T> loader, Batch batch, string key) : IDataLoaderResult<T?>
    {
        public async Task<T?> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await loader.Dispatch(batch, cancellationToken)).GetValueOrDefault(key);

        // What GraphQL.NET awaits: one state machine, not one wrapped around the typed one.
        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            (await loader.Dispatch(batch, cancellationToken)).GetValueOrDefault(key);
    }
}

/// <summary>Maps a data-loader result once it arrives (GraphQL.NET's base package has no <c>Then</c>).</summary>
public static class DataLoaderResultExtensions
{
    public static IDataLoaderResult<TOut> Then<TIn, TOut>(this IDataLoaderResult<TIn> result, Func<TIn, TOut> map) =>
        new Mapped<TIn, TOut>(result, map);

    /// <summary>
    /// Waits for two results (either may be a plain value) and combines them. Both loads are registered before
    /// either is awaited, so both stay batched with their siblings.
    /// </summary>
    public static IDataLoaderResult<TOut> Combine<TFirst, TOut>(
        IDataLoaderResult<TFirst> first, object? second, Func<TFirst, object?, TOut> combine) =>
        new Combined<TFirst, TOut>(first, second, combine);

    /// <summary>The same for a result whose type is not known statically.</summary>
    public static IDataLoaderResult<TOut> Combine<TOut>(IDataLoaderResult first, object? second, Func<object?, object?, TOut> combine) =>
        new Combined<object?, TOut>(new Untyped(first), second, combine);

    private sealed class Untyped(IDataLoaderResult inner) : IDataLoaderResult<object?>
    {
        public Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => inner.GetResultAsync(cancellationToken);
    }

    private sealed class Combined<TFirst, TOut>(IDataLoaderResult<TFirst> first, object? second, Func<TFirst, object?, TOut> combine)
        : IDataLoaderResult<TOut>
    {
        // GraphQL.NET awaits the untyped result, so that is where the work is; the typed one (a Then chained on it) casts.
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
            (TOut)(await ((IDataLoaderResult)this).GetResultAsync(cancellationToken))!;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken)
        {
            var a = await first.GetResultAsync(cancellationToken);
            var b = second is IDataLoaderResult pending ? await pending.GetResultAsync(cancellationToken) : second;
            return combine(a, b);
        }
    }

    private sealed class Mapped<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
    {
        public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            map(await inner.GetResultAsync(cancellationToken));
    }
}
