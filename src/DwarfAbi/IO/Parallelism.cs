using System.Runtime.ExceptionServices;

namespace DwarfAbi.IO;

/// <summary>
/// Parallel loops whose failures surface as the library's own exception rather than an
/// <see cref="AggregateException"/>, so that the CLI reports the first real error.
/// </summary>
public static class Parallelism
{
    /// <summary>A loop on all cores with one state per worker (a scratch buffer, a calculator).</summary>
    public static void For<TLocal>(int count, Func<TLocal> local, Action<int, TLocal> body) =>
        For(count, Environment.ProcessorCount, local, body);

    /// <summary>
    /// A loop on at most <paramref name="threads"/> threads with one state per worker. One thread
    /// runs it here, without the thread pool, whose first workers cost more than a small
    /// object's whole run.
    /// </summary>
    public static void For<TLocal>(int count, int threads, Func<TLocal> local, Action<int, TLocal> body)
    {
        if (threads <= 1 || count <= 1)
        {
            var state = local();
            for (int i = 0; i < count; i++)
                body(i, state);
            return;
        }
        For(count, threads, local, (i, _, state) =>
        {
            body(i, state);
            return state;
        }, _ => { });
    }

    public static void For<TLocal>(int count, int threads, Func<TLocal> init, Func<int, ParallelLoopState, TLocal, TLocal> body, Action<TLocal> merge)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, init, body, merge);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Stack size of <see cref="OnLargeStacks"/> threads: type-graph walks recurse thousands of levels deep in a kernel.</summary>
    public const int LargeStack = 256 * 1024 * 1024;

    /// <summary>Runs <paramref name="work"/> on <paramref name="threads"/> threads with large stacks and waits for all; the first failure is rethrown.</summary>
    public static void OnLargeStacks(int threads, Action work)
    {
        Exception? failure = null;
        var started = new Thread[Math.Max(1, threads)];
        for (int i = 0; i < started.Length; i++)
        {
            started[i] = new Thread(() =>
            {
                try
                {
                    work();
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            }, LargeStack);
            started[i].Start();
        }
        foreach (var t in started)
            t.Join();
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>Runs <paramref name="work"/> on one thread with a large stack and returns its result.</summary>
    public static T OnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        OnLargeStacks(1, () => result = work());
        return result;
    }
}
