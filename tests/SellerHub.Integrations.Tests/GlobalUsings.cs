global using System.Net.Http.Json;
global using System.Text.Json;
global using Xunit;
global using Microsoft.Extensions.DependencyInjection;
