// The test apps are published once, in parallel, by one shared fixture (TestAppMatrix); test
// classes running at once would only fight over two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
