using SellerHub.Persistence;

namespace SellerHub.Core.Tests;

public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("SellerHub.Web")]
    [InlineData("SellerHub.Integrations")]
    [InlineData("SellerHub.Sandbox")]
    public void Core_does_not_reference_the_outer_projects(string outer)
    {
        var references = typeof(SellerHubDb).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("Microsoft.EntityFrameworkCore", references); // the check reads real references
        Assert.DoesNotContain(outer, references);
    }

    [Fact]
    public void Core_does_not_use_the_aspnet_web_framework()
    {
        var references = typeof(SellerHubDb).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, r => r is "Microsoft.AspNetCore.Http" or "Microsoft.AspNetCore.Mvc.Core" or "Microsoft.AspNetCore.Components");
    }
}
