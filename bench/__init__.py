"""Benchmarks: measured in one run, reported as ratios and counts (machines here are noisy)."""
