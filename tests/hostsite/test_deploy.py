"""deploy/: the units run commands that exist, the prune timer starts the prune service, and
nginx buffers uploads, sets X-Forwarded-For itself and never serves private files."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.plugins("forms_app")  # the prune unit also applies forms_app's retention
def test_every_unit_runs_a_command_that_exists():
    commands = get_commands()
    for name in ("skills-web.service", "skills-worker.service", "skills-prune.service"):
        text = (DEPLOY / "systemd" / name).read_text()
        starts = re.findall(r"^ExecStart=(.*)$", text, re.M)
        for start in starts:
            found = re.search(r"manage\.py (\S+)", start)
            if found:
                assert found.group(1) in commands, (name, start)
            else:
                assert "gunicorn hostsite.wsgi:application" in start
        assert unit(name)["Service"]["EnvironmentFile"] == "/etc/skills/skills.env"


def test_the_timer_prunes_personal_data_hourly():
    timer = unit("skills-prune.timer")["Timer"]
    assert timer["OnCalendar"] == "hourly" and timer["Persistent"] == "true"
    service = (DEPLOY / "systemd" / "skills-prune.service").read_text()
    assert "manage.py prune_personal_data" in service
    assert "manage.py apply_retention" in service


def test_nginx_buffers_uploads_and_owns_the_forwarded_header():
    conf = (DEPLOY / "nginx" / "skills.conf").read_text()
    assert "proxy_request_buffering on;" in conf
    size = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert size >= 30  # FORMS_APP_UPLOAD_TOTAL_MAX_SIZE: one application's uploads
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # replaced, not appended
    assert "$proxy_add_x_forwarded_for" not in conf
    assert "private" not in " ".join(re.findall(r"alias ([^;]+);", conf))
