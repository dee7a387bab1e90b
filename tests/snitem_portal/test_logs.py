"""LOG_FORMAT=json writes one JSON object per line, tied to its request; Sentry only with SENTRY_DSN."""

import json
import logging

import pytest

from snitem_portal.logs import JsonFormatter
from tests.snitem_portal.test_settings import run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the request logger writes, formatted as LOG_FORMAT=json does."""
    records = []
    handler = logging.Handler()
    handler.setFormatter(JsonFormatter())
    handler.emit = lambda record: records.append(json.loads(handler.format(record)))
    logger = logging.getLogger("snitem_portal.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_each_request_is_one_json_line_with_its_id_user_path_status_and_duration(client, member, json_lines):
    client.force_login(member)

    response = client.get("/tableau-de-bord/", HTTP_X_REQUEST_ID="proxy-id-0123456789")
    client.get("/nulle-part/", HTTP_X_REQUEST_ID="<script>")

    first, second = json_lines
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    assert {key: first[key] for key in ("request_id", "user_id", "path", "status", "method", "level")} == {
        "request_id": "proxy-id-0123456789",
        "user_id": member.pk,
        "path": "/tableau-de-bord/",
        "status": 200,
        "method": "GET",
        "level": "INFO",
    }
    assert first["duration_ms"] >= 0
    assert (second["status"], len(second["request_id"])) == (404, 32)


def test_log_format_json_and_sentry_dsn_settings():
    code = (
        "from django.conf import settings; import sys; "
        "print(settings.LOGGING['handlers']['console']); print('sentry_sdk' in sys.modules)"
    )
    env = {"DJANGO_SECRET_KEY": "x"}

    plain = run_manage("shell", "--no-imports", "-c", code, env=env)
    as_json = run_manage("shell", "--no-imports", "-c", code, env={**env, "LOG_FORMAT": "json"})
    with_sentry = run_manage(
        "shell", "--no-imports", "-c", code, env={**env, "SENTRY_DSN": "https://key@sentry.invalid/1"}
    )

    assert plain.stdout.splitlines() == ["{'class': 'logging.StreamHandler'}", "False"], plain.stderr
    assert as_json.stdout.splitlines()[0] == "{'class': 'logging.StreamHandler', 'formatter': 'json'}"
    assert with_sentry.stdout.splitlines()[-1] == "True", with_sentry.stderr
