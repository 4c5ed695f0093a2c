// The local-run test starts the sample app host while the publish tests run its dll as a
// process; one at a time keeps them from competing for the same build output and ports.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
