"""Score cash-application proposals (R.csv) against a data set's truth.csv.

A line is correct when its proposal names exactly the true open items with the
true cash on each (a line that belongs to nothing is correct with no item).

    python -m engine.matching_score --truth truth.csv --result R.csv
"""

import argparse
import csv
import json
from collections import defaultdict
from decimal import Decimal


def _load(path, with_flags=False):
    lines = defaultdict(set)
    flags = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line_id = row["bank_line_id"]
            lines.setdefault(line_id, set())
            if row["open_item_id"]:
                lines[line_id].add((row["open_item_id"], Decimal(row["amount"])))
            if with_flags:
                flags[line_id] = row.get("distinguishable") == "1"
            else:
                flags[line_id] = row.get("auto") == "1"
    return lines, flags


def score(truth_path, result_path):
    truth, distinguishable = _load(truth_path, with_flags=True)
    result, auto = _load(result_path)
    total = len(truth)
    auto_ids = [i for i in truth if auto.get(i)]
    auto_correct = sum(result.get(i) == truth[i] for i in auto_ids)
    proposed = [i for i in truth if result.get(i)]
    proposed_correct = sum(result[i] == truth[i] for i in proposed)
    payable = [i for i in truth if truth[i]]
    return {
        "lines": total,
        "auto_correct_share": auto_correct / total if total else 0.0,
        "auto_share": len(auto_ids) / total if total else 0.0,
        "auto_precision": auto_correct / len(auto_ids) if auto_ids else 1.0,
        "auto_wrong": len(auto_ids) - auto_correct,
        "proposal_accuracy": proposed_correct / len(proposed) if proposed else 1.0,
        "proposal_recall": (
            sum(result.get(i) == truth[i] for i in payable) / len(payable)
            if payable
            else 1.0
        ),
        "distinguishable_share": (
            sum(distinguishable.get(i, False) for i in truth) / total if total else 0.0
        ),
        "nothing_left_alone": sum(1 for i in truth if not truth[i] and not auto.get(i))
        / max(1, sum(1 for i in truth if not truth[i])),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Score cash-application proposals")
    parser.add_argument("--truth", required=True)
    parser.add_argument("--result", required=True)
    args = parser.parse_args(argv)
    figures = score(args.truth, args.result)
    print(
        json.dumps(
            {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
