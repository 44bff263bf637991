"""Benchmarks of the portal (`make bench`), run on PostgreSQL; results in docs/benchmarks.md."""
