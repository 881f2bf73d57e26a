"""Benchmarks, kept apart from the tests: run as ``python -m benchmarks.<name>``."""
