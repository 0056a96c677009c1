"""Benchmarks: the application's data paths against bare baselines (python -m bench; see BENCHMARKS.md)."""
