namespace KubeTune.DevCluster;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("KubeTune dev cluster");
        return args.Length >= 0 ? 0 : 1;
    }
}
