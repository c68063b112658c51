"""The network: the typed graph, warm paths, employer coverage, brokers, and graph files for Gephi."""
