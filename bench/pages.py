"""Public pages under a crowd: the home page, an occupation page and a simple page, each
uncached and from the page cache (hostsite.pagecache), next to a bare Django view in the same
run; then whether a publish reaches the next anonymous reader.

    .venv/bin/python bench/pages.py [--seconds 10] [--rounds 5] [--clients 10] [--workers N]

The site is served twice by gunicorn as in production (gunicorn.conf.py, production settings,
Redis db 15): once with PAGE_CACHE_SECONDS=0 (every page rendered), once with the page cache on.
Load from wrk (Debian package ``wrk``), ``--clients`` keep-alive connections, anonymous visitors.
Each page gets ``--seconds`` in all, in ``--rounds`` turns taken page after page, so a change in
the load of a shared machine meets every page alike; req/s is over all turns, p95 the median of
the turns'; "silent turns" counts turns in which the server answered nothing at all (e.g. every
worker restarting at once). The load average is printed before and after: ratios mean more than
rates on a shared machine.

Targets (issue 11, "Pages under a crowd"): uncached occupation page ≥ 0.8× the simple page;
cached occupation page ≥ 0.7× the bare view; a publish visible to the next anonymous reader.
The bare view asks Redis nothing on either server (the page cache leaves alone any address that
is not a Wagtail page), so the cached occupation page is compared with the bare view served by
the same server in the same turns; its ratio to the bare view of the uncached server (another
run, which a changing load on the machine may favour or not) is printed too.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, served_site  # noqa: E402
from bench.submit import manage_shell, personal_data_keys, wrk  # noqa: E402

PATHS = """
from hostsite.models import StandardPage
from occupations.models import OccupationPage
occupation = OccupationPage.objects.live().get(title="电子商务师")
simple = StandardPage.objects.live().order_by("path").first()
print(occupation.url, simple.url, simple.pk)
"""

PUBLISH = """
from hostsite.models import StandardPage
page = StandardPage.objects.get(pk={pk})
page.title = "{title}"
page.save_revision().publish()
print("published")
"""


def get(port: int, path: str) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", quote(path))
    response = conn.getresponse()
    return response.status, response.getheader("X-Page-Cache", ""), response.read().decode()


def measure(
    port: int, paths: dict[str, str], *, clients: int, seconds: int, rounds: int, folder: str
) -> dict[str, dict]:
    common = {"method": "GET", "bodies": [""], "cookie": "", "clients": clients,
              "folder": folder}  # fmt: skip
    for path in paths.values():  # warm up: imports, templates, connections, the cache
        wrk(port, quote(path), seconds=1, **common)
    turn = max(1, round(seconds / rounds))
    turns: dict[str, list[dict]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            turns[name].append(wrk(port, quote(path), seconds=turn, **common))
    return {name: combined(rows) for name, rows in turns.items()}


def combined(rows: list[dict]) -> dict:
    requests = sum(row["requests"] for row in rows)
    return {
        "requests": requests,
        "errors": sum(row["errors"] for row in rows),
        "rps": requests / sum(row["seconds"] for row in rows),
        "p95_ms": statistics.median(row["p95_ms"] for row in rows),
        "silent_turns": sum(1 for row in rows if not row["requests"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="per page, all turns together")
    parser.add_argument("--rounds", type=int, default=5, help="turns per page, taken in rotation")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: its config)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk, the HTTP load generator: apt-get install wrk")
    personal_data_keys()
    results, published = {}, None
    load_before = os.getloadavg()
    given_database = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
        for label, seconds in (("uncached", "0"), ("cached", "300")):
            os.environ["PAGE_CACHE_SECONDS"] = seconds
            # SQLite in this folder unless a PostgreSQL database of the benchmarks' is given.
            os.environ["DATABASE_URL"] = given_database or f"sqlite:///{folder}/{label}.sqlite3"
            with served_site(workers=args.workers) as port:
                env = bench_env(folder)
                occupation, simple, simple_pk = manage_shell(env, PATHS).split()
                paths = {"home": "/", "occupation": occupation, "simple page": simple,
                         "bare Django view": "/bench/bare"}  # fmt: skip
                results[label] = measure(
                    port, paths, clients=args.clients, seconds=args.seconds,
                    rounds=args.rounds, folder=folder,
                )  # fmt: skip
                if label == "cached":
                    published = publish_seen(port, env, simple, int(simple_pk))
    report(results, published, args, load=(load_before, os.getloadavg()))


def publish_seen(port: int, env: dict, path: str, pk: int) -> dict:
    before = get(port, path)
    again = get(port, path)
    title = "发布后的新标题"
    manage_shell(env, PUBLISH.format(pk=pk, title=title))
    after = get(port, path)
    return {
        "first": before[1],
        "again": again[1],
        "after_publish": after[1],
        "seen": title in after[2],
    }


def ratio(page: dict, baseline: dict) -> float:
    """Of request rates; 0 when the baseline got no answer at all (a server that stalled)."""
    return page["rps"] / baseline["rps"] if baseline["rps"] else 0.0


def report(results: dict, published: dict | None, args, *, load) -> None:
    print(f"{args.clients} clients (wrk connections), {args.seconds} s per page in "
          f"{args.rounds} turns; gunicorn as in gunicorn.conf.py, production settings")  # fmt: skip
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f}"
          .format(*load[0], *load[1]))  # fmt: skip
    print(f"{'page':<22}{'cache':<10}{'requests':>9}{'errors':>8}{'req/s':>9}{'p95 ms':>9}"
          f"{'silent turns':>14}")  # fmt: skip
    for label, rows in results.items():
        for name, row in rows.items():
            print(f"{name:<22}{label:<10}{row['requests']:>9}{row['errors']:>8}"
                  f"{row['rps']:>9.0f}{row['p95_ms']:>9.1f}{row['silent_turns']:>14}")  # fmt: skip
    uncached, cached = results["uncached"], results["cached"]
    checks = [
        ("uncached occupation / uncached simple page",
         ratio(uncached["occupation"], uncached["simple page"]), 0.8),
        ("cached occupation / bare view, same server",
         ratio(cached["occupation"], cached["bare Django view"]), 0.7),
        ("cached occupation / bare view of the uncached server",
         ratio(cached["occupation"], uncached["bare Django view"]), 0.7),
    ]  # fmt: skip
    for name, value, target in checks:
        print(f"{name}: {value:.2f} (target ≥ {target}) → "
              f"{'met' if value >= target else 'NOT met'}")  # fmt: skip
    if published:
        print(f"page cache: first read {published['first']}, again {published['again']}, "
              f"after a publish {published['after_publish']}; new title seen: "
              f"{published['seen']} → {'met' if published['seen'] else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
