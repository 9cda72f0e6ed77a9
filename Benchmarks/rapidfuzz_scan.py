#!/usr/bin/env python3
"""Speed anchor for the memory benchmark: a linear scan with rapidfuzz over the same normalized token
sequences Qantara scores (token-level Levenshtein, normalized similarity, the best 5 at or above the cutoff).

Input: --choices (one unit a line, tokens separated by spaces) and --queries (same form).
Output: one JSON object with per-query seconds (p50, p95, mean) and the number of queries.
"""
import argparse
import json
import statistics
import time

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--choices", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--max-queries", type=int, default=1000)
    parser.add_argument("--cutoff", type=float, default=0.7)
    args = parser.parse_args()
    with open(args.choices, encoding="utf-8") as handle:
        choices = [line.split() for line in handle]
    with open(args.queries, encoding="utf-8") as handle:
        queries = [line.split() for line in handle][: args.max_queries]
    times = []
    for query in queries:
        start = time.perf_counter()
        process.extract(query, choices, scorer=Levenshtein.normalized_similarity, processor=None, limit=5,
                        score_cutoff=args.cutoff)
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({
        "queries": len(times),
        "choices": len(choices),
        "p50": times[len(times) // 2],
        "p95": times[min(len(times) - 1, int(round((len(times) - 1) * 0.95)))],
        "mean": statistics.mean(times),
    }))


if __name__ == "__main__":
    main()
