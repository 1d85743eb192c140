#!/usr/bin/env python3
"""Generate a cash-application data set, match it, score it, print the figures.

python3 benchmarks/matching_bench.py [--lines 10000] [--items 100000] [--seed 1]
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import matching, matching_dataset, matching_score


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10000)
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        start = time.perf_counter()
        matching_dataset.Generator(args.seed, args.lines, args.items).run().write(path)
        generated = time.perf_counter()
        matching.main(
            [
                "--partners",
                str(path / "partners.csv"),
                "--open-items",
                str(path / "open_items.csv"),
                "--bank-lines",
                str(path / "bank_lines.csv"),
                "--out",
                str(path / "R.csv"),
            ]
        )
        matched = time.perf_counter()
        figures = matching_score.score(path / "truth.csv", path / "R.csv")
    figures["generate_seconds"] = generated - start
    figures["match_seconds_with_csv_io"] = matched - generated
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}, indent=2))
    return 0 if figures["auto_precision"] >= 0.997 else 1


if __name__ == "__main__":
    sys.exit(main())
