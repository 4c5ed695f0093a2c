var builder = DistributedApplication.CreateBuilder(args);

// A secret: never written by KubeAi; its value comes from base/secrets.env at deploy time.
var hfToken = builder.AddParameter("hf-token", secret: true);

// A plain setting: its value comes from appsettings.json (Parameters:model-name).
var modelName = builder.AddParameter("model-name");

// A connection string to where trained models are kept.
var modelStore = builder.AddConnectionString("model-store");

var api = builder.AddProject<Projects.ModelServing_Api>("inference-api")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithReference(modelStore)
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.ModelServing_Trainer>("trainer")
    .WithEnvironment("MODEL_NAME", modelName)
    .WithEnvironment("HF_TOKEN", hfToken)
    .WithReference(modelStore)
    .WithReference(api);

builder.Build().Run();
