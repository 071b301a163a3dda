namespace DwarfAbi.Symvers;

/// <summary>Parallel loops whose failures surface as the exception thrown, not an AggregateException.</summary>
internal static class ParallelWork
{
    public static void For<TLocal>(int count, Func<TLocal> local, Action<int, TLocal> body)
    {
        try
        {
            Parallel.For(0, count, local, (i, _, state) =>
            {
                body(i, state);
                return state;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is DwarfAbiException or CrossUnitReferenceException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
