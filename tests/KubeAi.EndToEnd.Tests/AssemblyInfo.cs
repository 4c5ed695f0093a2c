// Each test publishes real images; two at once would only fight over two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
