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
}
