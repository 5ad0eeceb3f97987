"""Benchmarks and load tests; not an app, and no application code imports it."""
