"""Throughput and latency of POST /api/v1/eligibility under 10 concurrent clients, next to a
bare Django JSON view served the same way (gunicorn as in gunicorn.conf.py, production settings).

    .venv/bin/python bench/eligibility.py [--requests 4000] [--clients 10]

Targets (2 cores): ≥ 500 req/s and p95 < 50 ms for the API.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load, served_site  # noqa: E402

PROFILE_REQUEST = {
    "occupation": "电子商务师",
    "specialty": "网商",
    "level": 3,
    "as_of": "2026-11-25",
    "profile": {
        "work": [
            {"relation": "same", "start": "2019-03-01", "end": "2021-06-30"},
            {"relation": "same", "start": "2021-07-01", "end": None},
        ],
        "certificates": [{"relation": "same", "level": 4, "issued": "2020-06-30", "kind": "level"}],
        "education": [
            {
                "type": "junior_college",
                "major": "other",
                "skill_target": None,
                "graduated": "2015-07-01",
                "final_year_student": False,
            }
        ],
        "training": [{"level": 3, "completed": "2024-01-15"}],
        "apprenticeship_completed": False,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()
    with served_site() as port:
        # Warm both endpoints up (imports, connections) before measuring.
        load(port, method="GET", path="/bench/bare", body=None, clients=2, requests=100)
        load(
            port,
            method="POST",
            path="/api/v1/eligibility",
            body=PROFILE_REQUEST,
            clients=2,
            requests=100,
        )
        bare = load(
            port,
            method="GET",
            path="/bench/bare",
            body=None,
            clients=args.clients,
            requests=args.requests,
        )
        api = load(
            port,
            method="POST",
            path="/api/v1/eligibility",
            body=PROFILE_REQUEST,
            clients=args.clients,
            requests=args.requests,
        )
    print(f"{'endpoint':<28}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in (("bare Django JSON view", bare), ("POST /api/v1/eligibility", api)):
        print(
            f"{name:<28}{row['requests']:>9}{row['errors']:>8}{row['rps']:>9.0f}"
            f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
        )
    print(f"API throughput / bare throughput: {api['rps'] / bare['rps']:.2f}")
    print(
        f"targets: ≥ 500 req/s → {'met' if api['rps'] >= 500 else 'NOT met'}; "
        f"p95 < 50 ms → {'met' if api['p95_ms'] < 50 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
