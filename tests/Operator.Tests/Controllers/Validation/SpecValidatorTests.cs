using k8s.Models;
using KubeTune.Operator.Controllers.Validation;

namespace KubeTune.Operator.Tests.Controllers.Validation;

public sealed class SpecValidatorTests
{
    [Fact]
    public void Validate_SampleSpec_NoProblems()
    {
        Assert.Empty(SpecValidator.Validate(TestObjects.FineTuneJob().Spec, maxGpusPerNode: 8));
    }

    [Theory]
    [InlineData("pvc://models/bert")]
    [InlineData("pvc://bert-tiny")]
    [InlineData("file:///opt/models/bert")]
    [InlineData("hf://google-bert/bert-base-uncased")]
    [InlineData("hf://gpt2")]
    [InlineData("hf://meta-llama/Llama-3.2-1B@main")]
    [InlineData("https://example.com/bert.tar.gz")]
    public void Validate_SupportedModelUri_Accepted(string uri)
    {
        Assert.Empty(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Model.Uri = uri).Spec, 0));
    }

    [Theory]
    [InlineData("s3://bucket/bert", "unsupported scheme s3://")]
    [InlineData("models/bert", "no scheme")]
    [InlineData("pvc://Models_1/bert", "not a DNS-1123 label")]
    [InlineData("pvc:///bert", "not a DNS-1123 label")]
    [InlineData("file://", "absolute path")]
    [InlineData("hf://", "is not a hub repository")]
    [InlineData("pvc://models/../secrets", "'..'")]
    [InlineData("", "is required")]
    public void Validate_BadModelUri_ProblemNamesTheField(string uri, string expected)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Model.Uri = uri).Spec, 0));

        Assert.Equal("spec.model.uri", problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hf://org/model")]
    [InlineData("https://example.com/out")]
    public void Validate_OutputNotPvcOrFile_Rejected(string uri)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Output.Uri = uri).Spec, 0));

        Assert.Equal("spec.output.uri", problem.Field);
    }

    // The sample job: model pvc://models/bert-tiny, data pvc://datasets/sst2/{train,validation}.jsonl.
    [Theory]
    [InlineData("pvc://models/bert-tiny", false, "'pvc://models/bert-tiny' is the same location as spec.model.uri; the trainer would overwrite its input")]
    [InlineData("pvc://models/bert-tiny/out", false, "lies inside spec.model.uri ('pvc://models/bert-tiny')")]
    [InlineData("pvc://models", false, "is the root of claim models")]
    [InlineData("pvc://datasets/sst2", false, "contains spec.dataset.uri ('pvc://datasets/sst2/train.jsonl')")]
    [InlineData("pvc://datasets", false, "is the root of claim datasets")]
    [InlineData("file:///tmp/out", false, "'file:///tmp/out' is a path in the trainer pod's filesystem, which is gone with the pod (/tmp is an emptyDir); write the output to a PersistentVolumeClaim: pvc://CLAIM/PATH")]
    [InlineData("file:///mnt/out", false, "is a path in the trainer pod's filesystem, which is gone with the pod; write the output to a PersistentVolumeClaim")]
    [InlineData("file:///etc/kubetune", false, "is inside /etc/kubetune, which the trainer pod reserves")]
    [InlineData("file:///workspace/output", false, "is inside /workspace, which the trainer pod reserves")]
    [InlineData("file:///etc/kubetune/out", true, "is inside /etc/kubetune, which the trainer pod reserves")]
    [InlineData("file:///tmp/out", true, "")]
    [InlineData("pvc://models/bert-sst2", false, "")]
    public void Validate_OutputPlacement_RefusedWhereTheOutputWouldBeLostOrOverwriteAnInput(string output, bool hostFileOutputs, string expected)
    {
        var problems = SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Output.Uri = output).Spec, 0, hostFileOutputs);

        if (expected.Length == 0)
        {
            Assert.Empty(problems);
            return;
        }

        var problem = Assert.Single(problems);
        Assert.Equal("spec.output.uri", problem.Field);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadValidationUri_ProblemNamesValidationUri()
    {
        var problem = Assert.Single(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Dataset.ValidationUri = "gs://x/y").Spec, 0));

        Assert.Equal("spec.dataset.validationUri", problem.Field);
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, true)]
    [InlineData(0, 1, true)]
    [InlineData(1, -1, true)]
    public void Validate_OneOrNoGpu_Accepted(int gpus, int limit, bool accepted)
    {
        Assert.Equal(accepted, SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Resources!.Gpus = gpus).Spec, Math.Max(0, limit)).Count == 0);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(8, 8)]
    [InlineData(64, 0)]
    public void Validate_MoreThanOneGpu_RejectedDataParallelNotSupported(int gpus, int limit)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec => spec.Resources!.Gpus = gpus).Spec, limit));

        Assert.Equal("spec.resources.gpus", problem.Field);
        Assert.Contains("data-parallel training is not supported yet", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_SeveralProblems_OneLineNamingEachField()
    {
        var problems = SpecValidator.Validate(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Model.Uri = "s3://x";
            spec.Output.Uri = "pvc://BAD/out";
        }).Spec, 0);

        var message = SpecValidator.Describe(problems);

        Assert.StartsWith("spec.model.uri: ", message, StringComparison.Ordinal);
        Assert.Contains("; spec.output.uri: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HOME")]
    [InlineData("KUBETUNE_PROGRESS_URL")]
    [InlineData("KUBETUNE_TOKEN_FILE")]
    public void Validate_EnvNamesTheOperatorSets_ProblemNamesTheEntry(string name)
    {
        var problem = Assert.Single(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec =>
            spec.Env = [new V1EnvVar { Name = "HF_TOKEN", Value = "x" }, new V1EnvVar { Name = name, Value = "/elsewhere" }]).Spec, 0));

        Assert.Equal("spec.env[1].name", problem.Field);
        Assert.Contains($"'{name}' is set by the operator", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnvWithUserNamesAndEnvFrom_Accepted()
    {
        Assert.Empty(SpecValidator.Validate(TestObjects.FineTuneJob(change: spec =>
        {
            spec.Env = [new V1EnvVar { Name = "HF_TOKEN", Value = "x" }, new V1EnvVar { Name = "KUBETUNE_THREADS", Value = "2" }, new V1EnvVar { Name = "home", Value = "case differs" }];
            spec.EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "hf-token" } }];
        }).Spec, 0));
    }
}
