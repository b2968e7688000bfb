"""The bench scripts run as `python bench/<name>.py`, which puts bench/ first on sys.path: a
script named like a standard-library module (bench/statistics.py did) hides that module from
every other script there (bench/common.py's `statistics.median` then fails)."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_no_bench_script_hides_a_standard_library_module():
    names = {path.stem for path in BENCH.glob("*.py")}

    assert sorted(names & set(sys.stdlib_module_names)) == []
