using KubeTune.Operator.Runtime.Informers;

namespace KubeTune.Operator.Tests.Runtime.Informers;

public sealed class StringPoolTests
{
    [Fact]
    public void Intern_EqualStringsFromTwoObjects_ReturnsOneInstance()
    {
        var pool = new StringPool(capacity: 10, maxLength: 64);
        var first = new string("kubetune.io/v1alpha1".AsSpan());
        var second = new string("kubetune.io/v1alpha1".AsSpan());

        Assert.NotSame(first, second);
        Assert.Same(pool.Intern(first), pool.Intern(second));
    }

    [Fact]
    public void Intern_PastCapacity_KeepsNewValuesAsTheyAreAndTheCountBounded()
    {
        var pool = new StringPool(capacity: 2, maxLength: 64);
        pool.Intern("a");
        pool.Intern("b");
        var third = new string("c".AsSpan());

        Assert.Same(third, pool.Intern(third));
        Assert.Equal(2, pool.Count);
        Assert.Same(pool.Intern(new string("a".AsSpan())), pool.Intern(new string("a".AsSpan())));
    }

    [Fact]
    public void Intern_LongerThanMaxLengthOrNull_NotPooled()
    {
        var pool = new StringPool(capacity: 10, maxLength: 4);
        var longer = new string('x', 5);

        Assert.Same(longer, pool.Intern(longer));
        Assert.Null(pool.Intern(null));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void InternKeys_Labels_SameEntriesWithPooledKeys()
    {
        var pool = new StringPool(capacity: 10, maxLength: 64);
        var one = pool.InternKeys(new Dictionary<string, string> { [new string("kubetune.io/job".AsSpan())] = "a" })!;
        var two = pool.InternKeys(new Dictionary<string, string> { [new string("kubetune.io/job".AsSpan())] = "b" })!;

        Assert.Equal("a", one["kubetune.io/job"]);
        Assert.Same(one.Keys.Single(), two.Keys.Single());
    }
}
