"""Score cash-application proposals (R.csv) against a data set's truth.csv.

A line is right when its proposal names exactly the true open items with the
true cash on each (a line that belongs to nothing is right with no item).
Figures: automatic precision over every automatic line, automatic rate over
the matchable lines (see ``dataset``), the same per pattern, and a calibration
table: for each confidence band, how many proposals and the share right.

    python -m benchmarks.cashapp.score --truth truth.csv --result R.csv
"""

import argparse
import csv
import json
from collections import defaultdict
from decimal import Decimal
from itertools import pairwise

BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99, 1.01)


def _load_truth(path):
    lines = defaultdict(set)
    matchable, scenario = {}, {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line_id = row["bank_line_id"]
            lines.setdefault(line_id, set())
            if row["open_item_id"]:
                lines[line_id].add((row["open_item_id"], Decimal(row["amount"])))
            matchable[line_id] = row.get("matchable") == "1"
            scenario[line_id] = row.get("scenario", "")
    return lines, matchable, scenario


def _load_result(path):
    lines = defaultdict(set)
    auto, confidence = {}, {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line_id = row["bank_line_id"]
            lines.setdefault(line_id, set())
            if row["open_item_id"]:
                lines[line_id].add((row["open_item_id"], Decimal(row["amount"])))
            auto[line_id] = row.get("auto") == "1"
            confidence[line_id] = float(row.get("confidence") or 0)
    return lines, auto, confidence


def _figures(ids, truth, matchable, result, auto):
    auto_ids = [i for i in ids if auto.get(i)]
    right = [i for i in auto_ids if result.get(i) == truth[i]]
    matchable_ids = [i for i in ids if matchable.get(i)]
    matchable_right = [i for i in matchable_ids if i in right]
    proposed = [i for i in ids if result.get(i)]
    return {
        "lines": len(ids),
        "matchable": len(matchable_ids),
        "auto": len(auto_ids),
        "auto_wrong": len(auto_ids) - len(right),
        "auto_precision": len(right) / len(auto_ids) if auto_ids else 1.0,
        "auto_rate_matchable": (
            len(matchable_right) / len(matchable_ids) if matchable_ids else 1.0
        ),
        "auto_share_all": len(auto_ids) / len(ids) if ids else 0.0,
        "proposal_accuracy": (
            sum(result[i] == truth[i] for i in proposed) / len(proposed)
            if proposed
            else 1.0
        ),
    }


def calibration(truth, result, confidence):
    """Rows (low, high, proposals, right share, mean confidence) per band, over
    the lines that got a proposal (at least one item)."""
    rows = []
    for low, high in pairwise(BANDS):
        ids = [i for i in truth if result.get(i) and low <= confidence[i] < high]
        if not ids:
            continue
        right = sum(result[i] == truth[i] for i in ids)
        mean = sum(confidence[i] for i in ids) / len(ids)
        rows.append((low, min(high, 1.0), len(ids), right / len(ids), mean))
    return rows


def score(truth_path, result_path):
    """Overall figures, per-pattern figures and the calibration table."""
    truth, matchable, scenario = _load_truth(truth_path)
    result, auto, confidence = _load_result(result_path)
    overall = _figures(list(truth), truth, matchable, result, auto)
    per_pattern = {}
    for name in sorted(set(scenario.values())):
        ids = [i for i in truth if scenario[i] == name]
        per_pattern[name] = _figures(ids, truth, matchable, result, auto)
    return overall, per_pattern, calibration(truth, result, confidence)


def format_tables(overall, per_pattern, bands):
    """The per-pattern and calibration tables as plain text."""
    out = [
        (
            f"{'pattern':<20}{'lines':>7}{'match.':>8}{'auto':>7}{'wrong':>7}"
            f"{'precision':>11}{'auto/match.':>13}"
        )
    ]
    for name, fig in [*per_pattern.items(), ("ALL", overall)]:
        out.append(
            f"{name:<20}{fig['lines']:>7}{fig['matchable']:>8}{fig['auto']:>7}"
            f"{fig['auto_wrong']:>7}{fig['auto_precision']:>11.2%}"
            f"{fig['auto_rate_matchable']:>13.2%}"
        )
    out += [
        "",
        f"{'confidence band':<18}{'proposals':>10}{'right':>9}{'mean conf.':>12}",
    ]
    for low, high, count, right, mean in bands:
        out.append(
            f"[{low:.2f}, {high:.2f}){'':<6}{count:>10}{right:>9.2%}{mean:>12.2f}"
        )
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Score cash-application proposals")
    parser.add_argument("--truth", required=True)
    parser.add_argument("--result", required=True)
    args = parser.parse_args(argv)
    overall, per_pattern, bands = score(args.truth, args.result)
    print(format_tables(overall, per_pattern, bands))
    print(json.dumps({k: round(v, 4) for k, v in overall.items()}, indent=2))


if __name__ == "__main__":
    main()
