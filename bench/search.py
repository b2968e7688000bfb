"""Site search under load: p95 of a two-term query over 2,000 pages (the school's content plus
generated announcements) through /search/, next to a bare Django view in the same run.

    .venv/bin/python bench/search.py [--pages 2000] [--requests 600] [--clients 2]

Served by gunicorn as in production (gunicorn.conf.py, production settings, SQLite unless
DATABASE_URL names a PostgreSQL database of the benchmarks', e.g. .../bench).

Target (issue 15): p95 < 50 ms for the search.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load, served_site  # noqa: E402
from bench.submit import manage_shell, personal_data_keys  # noqa: E402

TARGET_P95_MS = 50
QUERIES = {
    "two common terms": "报名 考试",
    "two rare terms": "电子商务 连续从事",
    "Traditional": "網商 報名",
}

GENERATE = """
import random
from datetime import date, timedelta
from hostsite.models import AnnouncementIndexPage, AnnouncementPage
from wagtail.models import Page
random.seed(15)
words = ("报名 考试 培训 认定 通知 安排 成绩 证书 公示 考点 考场 准考证 电子商务 网络 信息 安全 "
         "计算机 程序 设计 软件 测试 动画 制作 通信 机务 线务 运行 管理 学员 教师 课程 实操 理论 "
         "技能 等级 材料 审核 缴费 时间 地点 延期 调整 补考 名单 领取 学校 批次 职业").split()
index = AnnouncementIndexPage.objects.get()
wanted = {pages} - Page.objects.count()
start = date(2020, 1, 1)
for n in range(max(0, wanted)):
    title = "关于" + "".join(random.sample(words, 3)) + "的通知"
    body = "，".join("".join(random.sample(words, 4)) for _ in range(12)) + "。"
    page = AnnouncementPage(
        title=title, slug=f"generated-{{n}}", date=start + timedelta(days=n % 2000),
        summary=body[:60], body=[{{"type": "paragraph", "value": f"<p>{{body}}</p>"}}], live=True,
    )
    index.add_child(instance=page)
print(Page.objects.count())
"""

COUNT = """
from hostsite.selectors import page_search
print(page_search(query={query!r}).count)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    personal_data_keys()
    prepared: dict[str, object] = {}

    def generate(env: dict[str, str]) -> None:
        prepared["pages"] = manage_shell(env, GENERATE.format(pages=args.pages))
        prepared["counts"] = {
            name: manage_shell(env, COUNT.format(query=q)) for name, q in QUERIES.items()
        }

    with served_site(prepare=generate) as port:
        pages, counts = prepared["pages"], prepared["counts"]
        paths = {name: "/search/?q=" + quote(q) for name, q in QUERIES.items()}
        paths = {"bare Django view": "/bench/bare", **paths}
        for path in paths.values():  # warm up: imports, templates, connections
            load(port, method="GET", path=path, body=None, clients=1, requests=30)
        rows = {
            name: load(
                port,
                method="GET",
                path=path,
                body=None,
                clients=args.clients,
                requests=args.requests,
            )  # fmt: skip
            for name, path in paths.items()
        }
    print(f"{pages} pages; {args.clients} clients, {args.requests} requests per row; gunicorn as "
          "in gunicorn.conf.py, production settings")  # fmt: skip
    print(f"{'request':<22}{'found':>7}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in rows.items():
        found = counts.get(name, "")
        print(f"{name:<22}{found:>7}{row['errors']:>8}{row['rps']:>9.0f}"
              f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}")  # fmt: skip
    worst = max(rows[name]["p95_ms"] for name in QUERIES)
    errors = sum(row["errors"] for row in rows.values())
    met = worst < TARGET_P95_MS and not errors
    print(f"search p95 (worst query): {worst:.1f} ms, bare view p95 "
          f"{rows['bare Django view']['p95_ms']:.1f} ms (target < {TARGET_P95_MS} ms, no errors) "
          f"→ {'met' if met else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
