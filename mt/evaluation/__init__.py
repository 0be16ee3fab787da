"""Scores and benchmarks: sacreBLEU metrics with signatures, test sets, speed and memory."""
