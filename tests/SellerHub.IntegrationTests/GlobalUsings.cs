global using Microsoft.EntityFrameworkCore;
global using Xunit;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.Extensions.DependencyInjection;
