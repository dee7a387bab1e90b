from datetime import timedelta

from django.test import RequestFactory, override_settings
from django.utils import timezone

from projects import dashboard

from .factories import CallFactory


def test_closing_soon_days_follow_the_setting_at_call_time(staff):
    CallFactory(title="Clôture dans trois semaines", closes_at=timezone.now() + timedelta(days=21))
    request = RequestFactory().get("/")
    request.user = staff

    default = dashboard.panels(request)
    with override_settings(PROJECTS_CLOSING_SOON_DAYS=30):
        (panel,) = dashboard.panels(request)

    assert default == []
    assert [call.title for call in panel.context["calls"]] == ["Clôture dans trois semaines"]
