// Each fixture builds, tests and publishes a whole generated solution: two at once would only fight over two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
