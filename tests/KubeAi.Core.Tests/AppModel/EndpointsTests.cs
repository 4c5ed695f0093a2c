using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;

namespace KubeAi.Core.Tests.AppModel;

public sealed class EndpointsTests
{
    private static AppResource Resource(string bindings) =>
        Inline.Read($$"""{ "resources": { "svc": { "type": "container.v0", "image": "x", "bindings": {{bindings}} } } }""").ByName["svc"];

    private static IReadOnlyList<Endpoint> Plan(string bindings) => Endpoints.Plan(Resource(bindings));

    [Fact]
    public void Http_and_https_without_ports_default_to_8080_and_8443()
    {
        var plan = Plan("""{ "http": { "scheme": "http" }, "https": { "scheme": "https" } }""");

        Assert.Equal([(8080, 8080), (8443, 8443)], plan.Select(e => (e.TargetPort, e.ServicePort)));
        Assert.Equal(Endpoints.DefaultHttpPort, 8080);
        Assert.Equal(Endpoints.DefaultHttpsPort, 8443);
    }

    [Fact]
    public void Port_is_the_service_port_and_targetPort_the_container_port()
    {
        var endpoint = Assert.Single(Plan("""{ "tcp": { "scheme": "tcp", "port": 15432, "targetPort": 5432 } }"""));

        Assert.Equal(5432, endpoint.TargetPort);
        Assert.Equal(15432, endpoint.ServicePort);
    }

    [Fact]
    public void Only_a_targetPort_serves_on_the_same_port()
    {
        var endpoint = Assert.Single(Plan("""{ "tcp": { "scheme": "tcp", "targetPort": 6379 } }"""));

        Assert.Equal((6379, 6379), (endpoint.TargetPort, endpoint.ServicePort));
    }

    [Fact]
    public void Only_a_port_listens_on_that_port()
    {
        var endpoint = Assert.Single(Plan("""{ "tcp": { "scheme": "tcp", "port": 7000 } }"""));

        Assert.Equal((7000, 7000), (endpoint.TargetPort, endpoint.ServicePort));
    }

    [Fact]
    public void Two_portless_http_bindings_get_different_ports()
    {
        var plan = Plan("""{ "a": { "scheme": "http" }, "b": { "scheme": "http" } }""");

        Assert.Equal([8080, 8081], plan.Select(e => e.TargetPort));
    }

    [Fact]
    public void A_default_port_skips_an_explicit_targetPort()
    {
        var plan = Plan("""{ "http": { "scheme": "http" }, "metrics": { "scheme": "http", "targetPort": 8080 } }""");

        Assert.Equal([8081, 8080], plan.Select(e => e.TargetPort));
    }

    [Fact]
    public void A_default_port_skips_an_explicit_port()
    {
        var plan = Plan("""{ "web": { "scheme": "http", "port": 8080 }, "http": { "scheme": "http" } }""");

        Assert.Equal(8080, plan[0].ServicePort);
        Assert.NotEqual(8080, plan[1].ServicePort);
    }

    [Fact]
    public void A_default_port_skips_an_explicit_service_port()
    {
        var plan = Plan("""{ "web": { "scheme": "http", "port": 8080, "targetPort": 80 }, "http": { "scheme": "http" } }""");

        Assert.Equal(2, plan.Select(e => e.ServicePort).Distinct().Count());
    }

    [Fact]
    public void Two_bindings_on_one_service_port_are_KUBEAI1022_naming_both()
    {
        var resource = Resource("""{ "a": { "scheme": "tcp", "port": 9000, "targetPort": 1 }, "b": { "scheme": "tcp", "targetPort": 9000 } }""");

        var error = Inline.Fails(ErrorCodes.PortConflict, () => Endpoints.Plan(resource));

        Assert.Contains("'a' and 'b'", error.Message);
        Assert.Contains("'svc'", error.Message);
        Assert.Contains("port 9000", error.Message);
        Assert.Equal($"{Inline.Source}: resources.svc.bindings.b", error.Origin);
    }

    [Fact]
    public void Two_bindings_may_share_a_target_port_on_different_service_ports()
    {
        var plan = Plan("""{ "http": { "scheme": "http", "port": 80, "targetPort": 8080 }, "https": { "scheme": "https", "port": 443, "targetPort": 8080 } }""");

        Assert.Equal([80, 443], plan.Select(e => e.ServicePort));
        Assert.All(plan, e => Assert.Equal(8080, e.TargetPort));
    }

    [Fact]
    public void A_portless_non_http_binding_is_KUBEAI1006()
    {
        var resource = Resource("""{ "mqtt": { "scheme": "tcp" } }""");

        var error = Inline.Fails(ErrorCodes.InvalidFieldValue, () => Endpoints.Plan(resource));

        Assert.Contains("'mqtt'", error.Message);
        Assert.Contains("'tcp'", error.Message);
        Assert.Equal($"{Inline.Source}: resources.svc.bindings.mqtt", error.Origin);
    }

    [Theory]
    [InlineData("http", "http")]
    [InlineData("Admin", "admin")]
    [InlineData("raw_tcp", "raw-tcp")]
    [InlineData("udp--stats", "udp-stats")]
    [InlineData("-x-", "x")]
    [InlineData("123", "port-123")]
    [InlineData("a-very-long-binding-name", "a-very-long-bin")]
    [InlineData("abcdefghijklmn-opq", "abcdefghijklmn")]
    public void Port_names_are_iana_service_names_of_at_most_15_characters(string binding, string expected)
    {
        Assert.Equal(expected, KubernetesNames.PortName(binding));
    }

    [Fact]
    public void Port_names_that_collide_after_shortening_get_a_suffix()
    {
        var plan = Plan("""
            {
              "dashboard-primary": { "scheme": "http", "targetPort": 1 },
              "dashboard-primary-b": { "scheme": "http", "targetPort": 2 },
              "Dashboard-Primary-c": { "scheme": "http", "targetPort": 3 }
            }
            """);

        Assert.Equal(["dashboard-prima", "dashboard-pri-2", "dashboard-pri-3"], plan.Select(e => e.PortName));
        Assert.All(plan, e => Assert.True(e.PortName.Length <= 15));
    }

    [Fact]
    public void A_suffixed_port_name_has_no_double_hyphen()
    {
        var plan = Plan("""
            {
              "abcdefghijkl-xyz1": { "scheme": "http", "targetPort": 1 },
              "abcdefghijkl-xyz2": { "scheme": "http", "targetPort": 2 }
            }
            """);

        Assert.All(plan, e => Assert.DoesNotContain("--", e.PortName));
        Assert.Equal(2, plan.Select(e => e.PortName).Distinct().Count());
    }

    [Fact]
    public void A_resource_without_bindings_has_no_endpoints()
    {
        Assert.Empty(Plan("{}"));
    }
}
