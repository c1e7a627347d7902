"""Developer tools apart from the stages: benchmarks and synthetic corpora."""
