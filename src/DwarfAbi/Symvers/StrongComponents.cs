namespace DwarfAbi.Symvers;

/// <summary>
/// The strongly connected components of a directed graph (Tarjan's algorithm, iterative so that
/// long reference chains cannot overflow the stack), numbered in reverse topological order:
/// every component reachable from another has a lower number.
/// </summary>
internal sealed class StrongComponents
{
    private readonly int[] _order;
    private readonly int[] _start;

    public StrongComponents(int[][] edges)
    {
        int n = edges.Length;
        Of = new int[n];
        _order = new int[n];
        var starts = new List<int>();
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        System.Array.Fill(index, -1);
        var stack = new Stack<int>();
        var calls = new Stack<(int Node, int Edge)>();
        int next = 0, placed = 0;
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0)
                continue;
            calls.Push((root, 0));
            index[root] = low[root] = next++;
            stack.Push(root);
            onStack[root] = true;
            while (calls.Count > 0)
            {
                var (v, e) = calls.Pop();
                if (e < edges[v].Length)
                {
                    calls.Push((v, e + 1));
                    int w = edges[v][e];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++;
                        stack.Push(w);
                        onStack[w] = true;
                        calls.Push((w, 0));
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                    continue;
                }
                if (calls.Count > 0)
                {
                    int parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
                if (low[v] != index[v])
                    continue;
                starts.Add(placed);
                int w2;
                do
                {
                    w2 = stack.Pop();
                    onStack[w2] = false;
                    Of[w2] = starts.Count - 1;
                    _order[placed++] = w2;
                }
                while (w2 != v);
            }
        }
        starts.Add(placed);
        _start = [.. starts];
    }

    /// <summary>The component of each node.</summary>
    public int[] Of { get; }

    public int Count => _start.Length - 1;

    public ReadOnlySpan<int> Members(int component) => _order.AsSpan(_start[component], _start[component + 1] - _start[component]);
}
