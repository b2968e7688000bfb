"""Public pages under a crowd: the home page, an occupation page and a simple page, each
uncached and from the page cache (hostsite.pagecache), next to a bare Django view in the same
run; then whether a publish reaches the next anonymous reader.

    .venv/bin/python bench/pages.py [--seconds 10] [--clients 10] [--workers N]

The site is served twice by gunicorn as in production (gunicorn.conf.py, production settings,
Redis db 15): once with PAGE_CACHE_SECONDS=0 (every page rendered), once with the page cache on.
Load from wrk (Debian package ``wrk``), ``--clients`` keep-alive connections, anonymous visitors.

Targets (issue 11, "Pages under a crowd"): uncached occupation page ≥ 0.8× the simple page;
cached occupation page ≥ 0.7× the bare view; a publish visible to the next anonymous reader.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
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


def measure(port: int, paths: dict[str, str], *, clients: int, seconds: int, folder: str):
    common = {"method": "GET", "bodies": [""], "cookie": "", "clients": clients,
              "folder": folder}  # fmt: skip
    for path in paths.values():  # warm up: imports, templates, connections, the cache
        wrk(port, quote(path), seconds=1, **common)
    return {name: wrk(port, quote(path), seconds=seconds, **common) for name, path in paths.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: its config)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/pages.py needs wrk, the HTTP load generator: apt-get install wrk")
    personal_data_keys()
    results, published = {}, None
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
                    port, paths, clients=args.clients, seconds=args.seconds, folder=folder
                )
                if label == "cached":
                    published = publish_seen(port, env, simple, int(simple_pk))
    report(results, published, args)


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


def report(results: dict, published: dict | None, args) -> None:
    print(f"{args.clients} clients (wrk connections), {args.seconds} s per page; gunicorn as in "
          "gunicorn.conf.py, production settings")  # fmt: skip
    print(f"{'page':<22}{'cache':<10}{'requests':>9}{'errors':>8}{'req/s':>9}{'p95 ms':>9}")
    for label, rows in results.items():
        for name, row in rows.items():
            print(f"{name:<22}{label:<10}{row['requests']:>9}{row['errors']:>8}"
                  f"{row['rps']:>9.0f}{row['p95_ms']:>9.1f}")  # fmt: skip
    uncached, cached = results["uncached"], results["cached"]
    ratio_uncached = uncached["occupation"]["rps"] / uncached["simple page"]["rps"]
    ratio_cached = cached["occupation"]["rps"] / cached["bare Django view"]["rps"]
    print(f"uncached occupation / uncached simple page: {ratio_uncached:.2f} "
          f"(target ≥ 0.8) → {'met' if ratio_uncached >= 0.8 else 'NOT met'}")  # fmt: skip
    print(f"cached occupation / bare view: {ratio_cached:.2f} "
          f"(target ≥ 0.7) → {'met' if ratio_cached >= 0.7 else 'NOT met'}")  # fmt: skip
    if published:
        print(f"page cache: first read {published['first']}, again {published['again']}, "
              f"after a publish {published['after_publish']}; new title seen: "
              f"{published['seen']} → {'met' if published['seen'] else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
