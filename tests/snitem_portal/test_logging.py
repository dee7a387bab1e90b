import logging

import pytest
from django.urls import reverse

from tests.projects.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_expected_403_is_one_log_line_without_traceback(client, member, caplog):
    call = CallFactory()
    client.force_login(member)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("projects:call-ranking", args=[call.slug]))

    records = [record for record in caplog.records if record.name == "django.request"]
    assert response.status_code == 403
    assert [record.getMessage() for record in records] == [
        f"Forbidden (Permission denied): /appels/{call.slug}/classement/"
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
