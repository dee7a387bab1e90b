from datetime import timedelta

from django.test import RequestFactory, override_settings
from django.utils import timezone

from reminders import dashboard

from .factories import MeetingFactory, MembershipFactory


def test_dashboard_horizon_follows_the_setting_at_call_time(member, group):
    MembershipFactory(group=group, user=member)
    MeetingFactory(group=group, title="Dans trois semaines", starts_at=timezone.now() + timedelta(days=21))
    request = RequestFactory().get("/")
    request.user = member

    default = dashboard.panels(request)
    with override_settings(REMINDERS_DASHBOARD_DAYS=30):
        (panel,) = dashboard.panels(request)

    assert default == []
    assert panel.title == "Échéances des 30 prochains jours"
    assert [deadline.title for deadline in panel.context["deadlines"]] == [f"{group.name} — Dans trois semaines"]
