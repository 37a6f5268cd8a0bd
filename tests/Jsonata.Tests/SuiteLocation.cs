using Serverless.JsonataConformance;
using Xunit;

namespace Serverless.Jsonata.Tests;

/// <summary>The official JSONata test suite for the tests that run it (<see cref="SuiteDirectory"/>): absent, they fail saying how to get it.</summary>
internal static class SuiteLocation
{
    private static readonly string Resolved = SuiteDirectory.Resolve();

    public static string Directory
    {
        get
        {
            Assert.True(SuiteDirectory.Exists(Resolved), SuiteDirectory.NotFound(Resolved));
            return Resolved;
        }
    }
}
