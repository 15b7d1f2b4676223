"""Ratio benchmarks: each ``bench_*.py`` measures against a floor taken in the same run."""
