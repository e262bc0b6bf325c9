using FsCheck;
using FsCheck.Xunit;
using Mao.Core.Insights;

namespace Mao.Core.Tests.Insights;

public class StudentTTests
{
    // Two-sided 95 % critical values from printed t tables (4 decimals).
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(5, 2.5706)]
    [InlineData(10, 2.2281)]
    [InlineData(30, 2.0423)]
    [InlineData(120, 1.9799)]
    public void Quantile975_MatchesPrintedTables(int df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(0.975, df), 4);

    [Property(MaxTest = 300)]
    public bool Cdf_OneDegree_IsTheCauchyDistribution(NormalFloat t)
    {
        var x = t.Get % 1e6;
        return Math.Abs(StudentT.Cdf(x, 1) - (0.5 + Math.Atan(x) / Math.PI)) < 1e-10;
    }

    [Property(MaxTest = 300)]
    public bool Cdf_TwoDegrees_MatchesTheClosedForm(NormalFloat t)
    {
        var x = t.Get % 1e6;
        return Math.Abs(StudentT.Cdf(x, 2) - (0.5 + x / (2 * Math.Sqrt(2 + x * x)))) < 1e-10;
    }

    [Property(MaxTest = 200)]
    public bool Quantile_InvertsTheCdf(PositiveInt df, NormalFloat raw)
    {
        var p = 0.001 + 0.998 * Math.Abs(Math.Sin(raw.Get));
        var degrees = df.Get % 200 + 1;
        return Math.Abs(StudentT.Cdf(StudentT.Quantile(p, degrees), degrees) - p) < 1e-9;
    }

    [Fact]
    public void Quantile_OutsideZeroOne_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 5));
}
