namespace KubeTune.Operator;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("KubeTune operator: not yet wired (see issue 3).");
        return args.Length >= 0 ? 0 : 1;
    }
}
