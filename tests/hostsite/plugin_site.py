"""Start the site with the plugins in SITE_PLUGINS, as a fresh install would, and visit it.

Run by tests/hostsite/test_plugins.py as ``[sys.executable, this file]`` with SITE_PLUGINS,
DATABASE_URL (a throwaway SQLite file) and DJANGO_SETTINGS_MODULE in the environment. Migrates,
loads the school's content, GETs a few pages with Django's test client and prints one JSON
object on the last line of stdout: ``{"plugins": [...], "pages": {url: {status, ...}}}``.
With ``--migrate-only`` it stops after migrating. If start-up fails, the traceback goes to
stderr and the exit status is non-zero.
"""

import io
import json
import sys
from pathlib import Path

# Python put this file's folder first on the path; the repository belongs there instead.
sys.path[0] = str(Path(__file__).resolve().parents[2])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from hostsite import plugins  # noqa: E402

URLS = ["/", "/about/", "/healthz", "/api/v1/openapi.json"]


def main() -> None:
    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    if "--migrate-only" in sys.argv:
        connections.close_all()  # so the SQLite file is complete and can be copied
        return
    report = io.StringIO()
    call_command("load_school_content", stdout=report)
    client = Client()
    pages = {}
    for url in URLS:
        response = client.get(url)
        text = response.content.decode()
        pages[url] = {
            "status": response.status_code,
            "has_school_name": "锡林郭勒盟振达职业培训学校" in text,
            "has_about_title": "学校简介" in text,
            "api_title": response.json().get("info", {}).get("title")
            if url.endswith(".json") and response.status_code == 200
            else None,
        }
    result = {
        "plugins": [plugin.label for plugin in plugins.installed_plugins()],
        "content_report": report.getvalue().strip(),
        "pages": pages,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
