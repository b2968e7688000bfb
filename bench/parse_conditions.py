"""How well the condition parser reads the school's reviewed data, and how fast.

    .venv/bin/python bench/parse_conditions.py [--repeat 20] [--verbose]

For each distinct condition text of occupations/content/requirements.yaml (read with the names
and aliases of the first occupation that publishes it), the parser's clauses are compared with
the reviewed ones:

- exact: everything read, and the clauses equal the reviewed clauses;
- partial: some words unread, every clause read is one the reviewed data has;
- unread: nothing read;
- wrong: a clause read that the reviewed data does not have, or everything read but not equal
  (a wrong parse is worse than an unread one).

Targets: ≥ 95 % exact, 0 wrong, < 5 ms per condition. The baseline, measured in the same run, is
the text normalisation alone (OpenCC t2s and NFKC), which every parse does first.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.test")

import django  # noqa: E402
import yaml  # noqa: E402

django.setup()

from occupations.eligibility.reading import (  # noqa: E402
    ReadingContext,
    read_condition,
    same_clauses,
)
from occupations.eligibility.reading.normalize import normalize  # noqa: E402
from occupations.eligibility.reading.parser import _key  # noqa: E402

TARGET_EXACT, TARGET_MS = 0.95, 5.0


def conditions_by_occupation(path: Path) -> dict[tuple[str, str], tuple[str, ReadingContext, list]]:
    """Every (occupation, condition text) pair, read with that occupation's names."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs: dict[tuple[str, str], tuple[str, ReadingContext, list]] = {}
    for occupation in data["occupations"]:
        context = ReadingContext.for_occupation(occupation["name"], occupation.get("aliases") or ())
        levels = [lv for s in occupation.get("specialties") or () for lv in s["levels"]]
        levels += occupation.get("levels") or []
        for level in levels:
            for condition in level["conditions"]:
                alternatives = [a["clauses"] for a in condition["alternatives"]]
                key = (occupation["slug"], condition["text"])
                pairs.setdefault(key, (condition["text"], context, alternatives))
    return pairs


def distinct_conditions(path: Path) -> list[tuple[str, ReadingContext, list]]:
    seen: dict[str, tuple[str, ReadingContext, list]] = {}
    for item in conditions_by_occupation(path).values():
        seen.setdefault(item[0], item)
    return list(seen.values())


def verdict(reading, reviewed) -> str:
    if reading.complete:
        return "exact" if same_clauses(reading.alternatives, reviewed) else "wrong"
    if not reading.read_anything:
        return "unread"
    reviewed_keys = [{_key(c) for c in alternative} for alternative in reviewed]
    fits = all(
        any({_key(c) for c in alternative} <= keys for keys in reviewed_keys)
        for alternative in reading.alternatives
    )
    return "partial" if fits else "wrong"


def timed(function, items, repeat: int) -> float:
    """Milliseconds per item, best of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, time.perf_counter() - start)
    return best * 1000 / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    conditions = distinct_conditions(ROOT / "occupations/content/requirements.yaml")
    counts = {"exact": 0, "partial": 0, "unread": 0, "wrong": 0}
    for text, context, reviewed in conditions:
        reading = read_condition(text, context)
        found = verdict(reading, reviewed)
        counts[found] += 1
        if args.verbose and found != "exact":
            print(f"[{found}] {text}")
            print("   read:    ", json.dumps(reading.alternatives, ensure_ascii=False))
            print("   reviewed:", json.dumps(reviewed, ensure_ascii=False))
            print("   unread:  ", reading.unread)
    total = len(conditions)
    # The same texts read for every occupation that publishes them: the software tester's
    # conditions copied from the animation producer name its old certificates (动画绘制员),
    # which are not the tester's, so they stay unread rather than read wrongly.
    pairs = list(conditions_by_occupation(ROOT / "occupations/content/requirements.yaml").values())
    by_pair = {"exact": 0, "partial": 0, "unread": 0, "wrong": 0}
    for text, context, reviewed in pairs:
        by_pair[verdict(read_condition(text, context), reviewed)] += 1
    per_condition = timed(lambda c: read_condition(c[0], c[1]), conditions, args.repeat)
    baseline = timed(lambda c: normalize(c[0]), conditions, args.repeat)
    exact_share = counts["exact"] / total
    print(f"distinct condition texts: {total}")
    for name, count in counts.items():
        print(f"  {name:8s} {count:4d}  ({count / total:.1%})")
    print(
        f"(occupation, text) pairs: {len(pairs)}: "
        + ", ".join(f"{name} {count}" for name, count in by_pair.items())
    )
    print(
        f"time per condition: {per_condition:.3f} ms (baseline, normalisation alone: "
        f"{baseline:.3f} ms)"
    )
    checks = [
        (f"exact ≥ {TARGET_EXACT:.0%}", exact_share >= TARGET_EXACT),
        ("wrong = 0", counts["wrong"] == 0),
        (f"time < {TARGET_MS:g} ms per condition", per_condition < TARGET_MS),
    ]
    for label, ok in checks:
        print(f"target {label}: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
