// The local-run and container tests start processes on fixed roles (ranks, ports, the app host's
// build output); one at a time keeps them from competing on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
