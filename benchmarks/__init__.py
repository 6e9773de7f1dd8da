"""The benchmark of the curate pipeline (make bench): a synthetic corpus, timings, memory, ratios."""
