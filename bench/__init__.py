"""fakepush's benchmarks: ratios against baselines measured in the same run (bench/run.py)."""
