from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from roadmap.models import Action
from roadmap.selectors import actions_list

from .factories import ActionFactory


def test_stale_days_follow_the_setting_at_call_time(db):
    action = ActionFactory(title="Sans nouvelles depuis dix jours")
    Action.objects.filter(pk=action.pk).update(updated_at=timezone.now() - timedelta(days=10))

    default = [a.title for a in actions_list() if a.is_stale]
    with override_settings(ROADMAP_STALE_DAYS=5):
        overridden = [a.title for a in actions_list() if a.is_stale]

    assert default == []
    assert overridden == ["Sans nouvelles depuis dix jours"]
