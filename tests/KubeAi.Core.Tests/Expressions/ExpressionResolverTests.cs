using KubeAi.Core.AppModel;
using KubeAi.Core.Diagnostics;
using KubeAi.Core.Expressions;

namespace KubeAi.Core.Tests.Expressions;

public sealed class ExpressionResolverTests
{
    private const string Manifest = """
        {
          "resources": {
            "Api": {
              "type": "project.v0",
              "path": "Api.csproj",
              "env": { "HTTPS_PORTS": "{Api.bindings.https.targetPort}" },
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http" },
                "https": { "scheme": "https", "protocol": "tcp", "transport": "http" },
                "admin": { "scheme": "http", "protocol": "tcp", "transport": "http", "port": 9090, "targetPort": 9000 }
              }
            },
            "web": {
              "type": "project.v0",
              "path": "Web.csproj",
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http" },
                "https": { "scheme": "https", "protocol": "tcp", "transport": "http" }
              }
            },
            "db": {
              "type": "container.v0",
              "image": "postgres:16",
              "connectionString": "Host={db.bindings.tcp.host};Port={db.bindings.tcp.port};Password={db-password.value}",
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "port": 15432, "targetPort": 5432 } }
            },
            "ordersdb": { "type": "value.v0", "connectionString": "{db.connectionString};Database=orders" },
            "db-password": {
              "type": "parameter.v0",
              "value": "{db-password.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } }
            },
            "api-key": { "type": "parameter.v0", "value": "{api-key.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "region": { "type": "parameter.v0", "value": "{region.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "eu-west-1" } } } },
            "tenant": { "type": "parameter.v0", "value": "{tenant.inputs.value}", "inputs": { "value": { "type": "string" } } },
            "zone": { "type": "parameter.v0", "value": "{zone.inputs.value}", "inputs": { "value": { "type": "string" } } },
            "label": { "type": "annotated.string", "value": "a b/c?d=é", "filter": "uri" },
            "pw-uri": { "type": "annotated.string", "value": "{db-password.value}", "filter": "uri" },
            "mixed-uri": { "type": "annotated.string", "value": "x{db-password.value}", "filter": "uri" },
            "b64": { "type": "annotated.string", "value": "abc", "filter": "base64" },
            "greeting": { "type": "value.v0", "value": "hello {region.value}" },
            "worker": { "type": "executable.v0", "command": "run" },
            "unknown": { "type": "azure.bicep.v0" }
          }
        }
        """;

    private static ExpressionResolver Resolver(
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? images = null,
        ISet<string>? skipped = null,
        bool strictParameters = false) =>
        new(Inline.Read(Manifest), parameters, images, skipped, strictParameters);

    private static string Text(string expression, ExpressionResolver? resolver = null) =>
        (resolver ?? Resolver()).Resolve(expression, "test").Text ?? throw new InvalidOperationException("secret");

    [Theory]
    [InlineData("{Api.bindings.http.url}", "http://api:8080")]
    [InlineData("{Api.bindings.https.url}", "https://api:8443")]
    [InlineData("{Api.bindings.http.host}", "api")]
    [InlineData("{Api.bindings.http.port}", "8080")]
    [InlineData("{Api.bindings.http.targetPort}", "8080")]
    [InlineData("{Api.bindings.admin.port}", "9090")]
    [InlineData("{Api.bindings.admin.targetPort}", "9000")]
    [InlineData("{Api.bindings.admin.url}", "http://api:9090")]
    [InlineData("{Api.bindings.admin.hostAndPort}", "api:9090")]
    [InlineData("{Api.bindings.https.scheme}", "https")]
    [InlineData("{Api.bindings.https.tlsEnabled}", "True")]
    [InlineData("{Api.bindings.http.tlsEnabled}", "False")]
    [InlineData("{db.bindings.tcp.url}", "tcp://db:15432")]
    [InlineData("{db.bindings.tcp.targetPort}", "5432")]
    public void Binding_properties_resolve_to_the_service(string expression, string expected)
    {
        Assert.Equal(expected, Text(expression));
    }

    [Fact]
    public void A_binding_reference_records_the_workload_it_points_at()
    {
        var value = Resolver().Resolve("x={Api.bindings.http.url};y={db.bindings.tcp.port}", "test");

        Assert.Equal(["Api", "db"], value.References);
        Assert.Equal("x=http://api:8080;y=15432", value.Text);
    }

    [Fact]
    public void A_connection_string_resolves_recursively_keeping_the_secret_a_reference()
    {
        var value = Resolver().Resolve("{ordersdb.connectionString}", "test");

        Assert.True(value.IsSecret);
        Assert.Null(value.Text);
        Assert.Equal(
            [new LiteralPart("Host=db;Port=15432;Password="), new SecretPart("db-password"), new LiteralPart(";Database=orders")],
            value.Parts);
        Assert.Equal(["db"], value.References);
    }

    [Fact]
    public void A_secret_parameter_is_a_secret_part_named_after_the_parameter()
    {
        var value = Resolver().Resolve("{api-key.value}", "test");

        Assert.Equal("api-key", value.SoleSecret);
        Assert.Equal([new SecretPart("api-key")], value.Parts);
    }

    [Fact]
    public void Secret_inputs_are_secret_even_when_a_value_is_supplied()
    {
        var value = Resolver(new Dictionary<string, string> { ["api-key"] = "s3cr3t-value" }).Resolve("{api-key.inputs.value}", "test");

        Assert.Equal("api-key", value.SoleSecret);
        Assert.DoesNotContain(value.Parts, p => p is LiteralPart l && l.Text.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parameter_with_a_default_resolves_to_the_default()
    {
        Assert.Equal("eu-west-1", Text("{region.value}"));
        Assert.Equal("eu-west-1", Text("{region.inputs.value}"));
    }

    [Fact]
    public void A_supplied_value_overrides_the_default()
    {
        var resolver = Resolver(new Dictionary<string, string> { ["region"] = "us-east-2", ["tenant"] = "contoso" });

        Assert.Equal("us-east-2", Text("{region.value}", resolver));
        Assert.Equal("contoso", Text("{tenant.value}", resolver));
        Assert.Empty(resolver.MissingParameters);
    }

    [Fact]
    public void With_strict_parameters_missing_ones_are_collected_with_their_origin_not_thrown()
    {
        var resolver = Resolver(strictParameters: true);

        Assert.Equal("t=;z=", resolver.Resolve("t={tenant.value};z={zone.value}", "first").Text);
        resolver.Resolve("{tenant.value}", "second");

        Assert.Equal(["tenant", "zone"], resolver.MissingParameters.Keys);
        // Where the value was needed, not where the parameter is declared.
        Assert.Equal("first", resolver.MissingParameters["tenant"]);
        Assert.Equal("first", resolver.MissingParameters["zone"]);
    }

    [Fact]
    public void A_parameter_without_a_value_is_a_deploy_time_input()
    {
        var resolver = Resolver();

        var value = resolver.Resolve("t={tenant.value};z={zone.value}", "first");

        Assert.Null(value.Text);
        Assert.False(value.IsSecret);
        Assert.Equal([new LiteralPart("t="), new ParameterPart("tenant"), new LiteralPart(";z="), new ParameterPart("zone")], value.Parts);
        Assert.Empty(resolver.MissingParameters);
    }

    [Theory]
    [InlineData("{web.bindings.https.url}", "http://web:8080")]
    [InlineData("{web.bindings.https.port}", "8080")]
    [InlineData("{web.bindings.https.scheme}", "http")]
    [InlineData("{web.bindings.http.url}", "http://web:8080")]
    public void An_https_endpoint_without_a_certificate_is_served_by_the_http_listener(string expression, string expected)
    {
        Assert.Equal(expected, Text(expression));
    }

    [Fact]
    public void References_to_an_external_resource_are_secret_inputs_keyed_by_the_expression()
    {
        var resolver = new ExpressionResolver(Inline.Read(Manifest), external: new HashSet<string> { "db" });

        var value = resolver.Resolve("{ordersdb.connectionString}", "test");

        Assert.Equal([new SecretPart("db.connectionString", "'connectionString' of external resource 'db' (container.v0), which runs outside the cluster"), new LiteralPart(";Database=orders")], value.Parts);
    }

    [Fact]
    public void A_value_resolves_its_own_expressions()
    {
        Assert.Equal("hello eu-west-1", Text("{greeting.value}"));
    }

    [Fact]
    public void ContainerImage_is_the_planned_image_or_else_the_manifest_image()
    {
        var resolver = Resolver(images: new Dictionary<string, string> { ["Api"] = "registry.example.com/api:1.2" });

        Assert.Equal("registry.example.com/api:1.2", Text("{Api.containerImage}", resolver));
        Assert.Equal("postgres:16", Text("{db.containerImage}", resolver));
    }

    [Fact]
    public void ContainerImage_of_a_resource_without_one_is_KUBEAI2001()
    {
        var error = Inline.Fails(ErrorCodes.MissingImage, () => Resolver().Resolve("{worker.containerImage}", "env.IMG"));

        Assert.Contains("'worker'", error.Message);
        Assert.Equal("env.IMG", error.Origin);
    }

    [Fact]
    public void The_uri_filter_encodes_a_literal()
    {
        Assert.Equal(Uri.EscapeDataString("a b/c?d=é"), Text("{label.value}"));
        Assert.Equal("a%20b%2Fc%3Fd%3D%C3%A9", Text("{label.value}"));
    }

    [Fact]
    public void The_uri_filter_on_a_secret_becomes_a_secret_of_its_own_with_a_note()
    {
        var value = Resolver().Resolve("postgresql://u:{pw-uri.value}@db", "test");

        Assert.Equal(3, value.Parts.Count);
        var secret = Assert.IsType<SecretPart>(value.Parts[1]);
        Assert.Equal("pw-uri", secret.Key);
        Assert.Contains("URI-encoded", secret.Note);
        Assert.Contains("secret 'db-password'", secret.Note);
    }

    [Fact]
    public void The_uri_filter_on_literal_plus_secret_names_both_in_the_note()
    {
        var value = Resolver().Resolve("{mixed-uri.value}", "test");

        var secret = Assert.IsType<SecretPart>(Assert.Single(value.Parts));
        Assert.Equal("mixed-uri", secret.Key);
        Assert.Contains("'x'", secret.Note);
        Assert.Contains("secret 'db-password'", secret.Note);
    }

    [Fact]
    public void An_unknown_filter_is_KUBEAI1012_naming_the_filter()
    {
        var error = Inline.Fails(ErrorCodes.UnknownExpressionProperty, () => Resolver().Resolve("{b64.value}", "test"));

        Assert.Contains("'base64'", error.Message);
        Assert.Equal($"{Inline.Source}: resources.b64.filter", error.Origin);
    }

    [Theory]
    [InlineData("""{"level":"info","tags":["a"]}""")]
    [InlineData("{ not an expression }")]
    [InlineData("{}")]
    [InlineData("a } b { c")]
    [InlineData("{.x}")]
    [InlineData("{x.}")]
    [InlineData("{\"k\": \"v.w\"}")]
    public void Literal_braces_are_untouched(string text)
    {
        var value = Resolver().Resolve(text, "test");

        Assert.Equal(text, value.Text);
    }

    [Fact]
    public void Json_around_an_expression_keeps_its_braces()
    {
        Assert.Equal("""{"region":"eu-west-1","raw":"{not-a-ref}"}""", Text("""{"region":"{region.value}","raw":"{not-a-ref}"}"""));
    }

    [Fact]
    public void Nested_literal_json_is_untouched()
    {
        // Aspire writes WithEnvironment("X", "{\"a\":{\"b\":1}}") as is; the resolver turns "}}" into "}".
        const string json = """{"a":{"b":1}}""";

        Assert.Equal(json, Text(json));
    }

    // Aspire writes braces unescaped: only {resource.path} is an expression, the rest is text.
    [Theory]
    [InlineData("{{region.value}}", "{eu-west-1}")]
    [InlineData("{{", "{{")]
    [InlineData("}}", "}}")]
    [InlineData("a{{b}}c", "a{{b}}c")]
    [InlineData("{{{region.value}}}", "{{eu-west-1}}")]
    public void Braces_around_an_expression_stay_text(string text, string expected)
    {
        Assert.Equal(expected, Text(text));
    }

    [Fact]
    public void Text_without_braces_is_returned_as_is()
    {
        var value = Resolver().Resolve("plain $(VAR) text", "test");

        Assert.Equal([new LiteralPart("plain $(VAR) text")], value.Parts);
        Assert.Empty(value.References);
    }

    [Fact]
    public void The_empty_string_resolves_to_no_parts()
    {
        Assert.Empty(Resolver().Resolve(string.Empty, "test").Parts);
    }

    [Fact]
    public void Results_are_memoised_per_expression()
    {
        var resolver = Resolver();

        var first = resolver.Resolve("{ordersdb.connectionString}", "a");
        var second = resolver.Resolve("{ordersdb.connectionString}", "b");

        Assert.Same(first.Parts[1], second.Parts[1]);
        Assert.Equal(first.Parts, second.Parts);
    }

    [Fact]
    public void Memoised_endpoints_are_the_same_plan()
    {
        var resolver = Resolver();
        var api = Inline.Read(Manifest).ByName["Api"];

        Assert.Same(resolver.EndpointsOf(api), resolver.EndpointsOf(api));
    }

    [Fact]
    public void A_two_step_cycle_is_KUBEAI1013_listing_the_chain()
    {
        var resolver = new ExpressionResolver(Inline.Read("""
            {
              "resources": {
                "a": { "type": "value.v0", "connectionString": "x{b.connectionString}" },
                "b": { "type": "value.v0", "connectionString": "y{a.connectionString}" }
              }
            }
            """));

        var error = Inline.Fails(ErrorCodes.CyclicExpression, () => resolver.Resolve("{a.connectionString}", "env.X"));

        Assert.Contains("{a.connectionString} -> {b.connectionString} -> {a.connectionString}", error.Message);
        Assert.Equal($"{Inline.Source}: resources.b.connectionString", error.Origin);
    }

    [Fact]
    public void A_self_reference_is_a_cycle()
    {
        var resolver = new ExpressionResolver(Inline.Read("""
            { "resources": { "a": { "type": "value.v0", "value": "again {a.value}" } } }
            """));

        var error = Inline.Fails(ErrorCodes.CyclicExpression, () => resolver.Resolve("{a.value}", "env.X"));

        Assert.Contains("{a.value} -> {a.value}", error.Message);
    }

    [Fact]
    public void A_resolver_can_be_used_again_after_a_cycle_error()
    {
        var resolver = new ExpressionResolver(Inline.Read("""
            {
              "resources": {
                "a": { "type": "value.v0", "connectionString": "{b.connectionString}" },
                "b": { "type": "value.v0", "connectionString": "{a.connectionString}" },
                "c": { "type": "value.v0", "value": "fine" }
              }
            }
            """));

        Assert.Throws<KubeAiException>(() => resolver.Resolve("{a.connectionString}", "x"));

        Assert.Equal("fine", resolver.Resolve("{c.value}", "y").Text);
        Assert.Equal(ErrorCodes.CyclicExpression, Assert.Throws<KubeAiException>(() => resolver.Resolve("{b.connectionString}", "z")).Code);
    }

    [Theory]
    [InlineData("{nope.value}", ErrorCodes.DanglingReference, "'nope'")]
    [InlineData("{Api.bindings.grpc.url}", ErrorCodes.DanglingReference, "'grpc'")]
    [InlineData("{Api.bindings.http.path}", ErrorCodes.UnknownExpressionProperty, "'path'")]
    [InlineData("{Api.foo}", ErrorCodes.UnknownExpressionProperty, "'foo'")]
    [InlineData("{Api.bindings.http}", ErrorCodes.UnknownExpressionProperty, "'bindings.http'")]
    [InlineData("{region.inputs.other}", ErrorCodes.UnknownExpressionProperty, "'other'")]
    [InlineData("{Api.connectionString}", ErrorCodes.UnknownExpressionProperty, "connectionString of 'Api'")]
    [InlineData("{region.bindings.http.url}", ErrorCodes.DanglingReference, "'region'")]
    [InlineData("{Api..url}", ErrorCodes.ExpressionSyntax, "{Api..url}")]
    [InlineData("x {region.value", ErrorCodes.ExpressionSyntax, "{region.value")]
    public void Bad_expressions_fail_with_their_code_and_name_the_value(string text, string code, string named)
    {
        var error = Inline.Fails(code, () => Resolver().Resolve(text, "resources.x.env.Y"));

        Assert.Contains(named, error.Message);
        Assert.Equal("resources.x.env.Y", error.Origin);
    }

    [Fact]
    public void A_reference_to_a_skipped_resource_is_KUBEAI1011()
    {
        var resolver = Resolver(skipped: new HashSet<string> { "unknown" });

        var error = Inline.Fails(ErrorCodes.DanglingReference, () => resolver.Resolve("{unknown.connectionString}", "env.X"));

        Assert.Contains("'unknown'", error.Message);
        Assert.Contains("skipped", error.Message);
    }
}
