using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.KubeAi;

namespace Aspire.Hosting;

/// <summary>Resources that the Kubernetes publish leaves to someone else.</summary>
public static class KubeAiExternalBuilderExtensions
{
    /// <summary>
    /// Declares that the resource runs outside the cluster, for example an Azure database or OpenAI account in an app that
    /// otherwise runs on Kubernetes, or an API another team hosts. In publish mode KubeAi generates nothing for it, and
    /// every reference to it (connection string, URL, output) becomes a key of the application's Secret, filled at
    /// deploy time like any secret. Locally (<c>dotnet run</c>) nothing changes.
    /// </summary>
    /// <example><code lang="csharp">var openai = builder.AddAzureOpenAI("openai").PublishAsExternal();</code></example>
    public static IResourceBuilder<T> PublishAsExternal<T>(this IResourceBuilder<T> builder)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new ExternalResourceAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }
}
