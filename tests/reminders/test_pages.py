from datetime import timedelta

import time_machine
from django.utils import timezone

from reminders.engine import run_reminder_pass, send_digests
from reminders.enums import DeliveryMode
from reminders.models import NotificationPreference
from reminders.tokens import preferences_token, unsubscribe_token

from .factories import MeetingFactory, MembershipFactory


def modes_of(user) -> dict:
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "mode"))


def test_preferences_page_saves_modes(client, member):
    client.force_login(member)

    response = client.post("/notifications/preferences/", {"meeting": "digest", "consultation": "off"})

    assert response.status_code == 302
    assert modes_of(member) == {"meeting": "digest", "consultation": "off"}


def test_preferences_page_needs_a_login(client, member):
    response = client.post("/notifications/preferences/", {"meeting": "off"})

    assert response.status_code == 302
    assert modes_of(member) == {}


def test_signed_link_opens_the_preferences_without_login(client, member):
    token = preferences_token(member)

    page = client.get(f"/notifications/lien/{token}/")
    response = client.post(f"/notifications/lien/{token}/", {"meeting": "off", "consultation": "digest"})

    assert page.status_code == 200
    assert member.email in page.content.decode()
    assert member.calendar_token not in page.content.decode()
    assert response.status_code == 302
    assert modes_of(member) == {"meeting": "off", "consultation": "digest"}


def test_tampered_signed_link_is_404_and_changes_nothing(client, member):
    token = preferences_token(member)[:-2] + "xx"

    response = client.post(f"/notifications/lien/{token}/", {"meeting": "off"})

    assert response.status_code == 404
    assert modes_of(member) == {}


def test_referent_cannot_switch_off_what_they_sign_off(client, referent):
    client.force_login(referent)

    response = client.post("/notifications/preferences/", {"meeting": "off", "consultation": "off"})

    assert response.status_code == 200
    assert "consultation" in response.context["form"].errors
    assert modes_of(referent) == {}


def test_member_may_switch_off_what_referents_sign_off(client, member):
    client.force_login(member)

    response = client.post("/notifications/preferences/", {"meeting": "immediate", "consultation": "off"})

    assert response.status_code == 302
    assert modes_of(member) == {"meeting": "immediate", "consultation": "off"}


def test_one_click_unsubscribe_switches_the_kind_off(client, member):
    token = unsubscribe_token(member, ["meeting"])

    response = client.post(f"/notifications/desinscription/{token}/")

    assert response.status_code == 200
    assert modes_of(member) == {"meeting": DeliveryMode.OFF}
    assert "référent" not in response.content.decode()


def test_one_click_unsubscribe_gives_a_referent_a_digest_for_signoff_kinds(client, referent):
    token = unsubscribe_token(referent, ["consultation"])

    response = client.post(f"/notifications/desinscription/{token}/")

    assert modes_of(referent) == {"consultation": DeliveryMode.DIGEST}
    assert "en tant que référent vous parviendra dans le résumé quotidien" in response.content.decode()


def test_footer_preferences_link_cannot_unsubscribe(client, member):
    token = preferences_token(member)

    response = client.post(f"/notifications/desinscription/{token}/")

    assert response.status_code == 404
    assert modes_of(member) == {}


def test_unsubscribe_link_cannot_open_the_preferences_page(client, member):
    token = unsubscribe_token(member, ["meeting"])

    page = client.get(f"/notifications/lien/{token}/")
    response = client.post(f"/notifications/lien/{token}/", {"meeting": "off", "consultation": "off"})

    assert (page.status_code, response.status_code) == (404, 404)
    assert modes_of(member) == {}


def test_preferences_link_expires(client, member):
    token = preferences_token(member)

    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = client.post(f"/notifications/lien/{token}/", {"meeting": "off"})

    assert response.status_code == 404
    assert modes_of(member) == {}


def test_digest_unsubscribe_link_switches_off_only_the_kinds_it_lists(client, group, mailoutbox):
    MeetingFactory(group=group)
    user = MembershipFactory(group=group).user
    NotificationPreference.objects.create(user=user, kind="meeting", mode=DeliveryMode.DIGEST)
    run_reminder_pass()
    send_digests()
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(link)

    assert response.status_code == 200
    assert modes_of(user) == {"meeting": DeliveryMode.OFF}


def test_dashboard_shows_deadlines_of_the_next_14_days(client, member, group):
    MembershipFactory(group=group, user=member)
    MeetingFactory(group=group, title="Dans trois jours", starts_at=timezone.now() + timedelta(days=3))
    MeetingFactory(group=group, title="Dans trois semaines", starts_at=timezone.now() + timedelta(days=21))
    client.force_login(member)

    response = client.get("/tableau-de-bord/")

    (panel,) = [panel for panel in response.context["panels"] if panel.template == "reminders/panels/deadlines.html"]
    assert panel.title == "Échéances des 14 prochains jours"
    assert [deadline.title for deadline in panel.context["deadlines"]] == [f"{group.name} — Dans trois jours"]
    assert "Échéances des 14 prochains jours" in response.content.decode()


def test_dashboard_lists_the_six_nearest_deadlines_and_counts_the_others(client, member, group):
    MembershipFactory(group=group, user=member)
    for day in range(1, 10):
        MeetingFactory(group=group, title=f"Jour {day}", starts_at=timezone.now() + timedelta(days=day))
    client.force_login(member)

    response = client.get("/tableau-de-bord/")

    (panel,) = [panel for panel in response.context["panels"] if panel.template == "reminders/panels/deadlines.html"]
    assert [deadline.title for deadline in panel.context["deadlines"]] == [
        f"{group.name} — Jour {day}" for day in range(1, 7)
    ]
    assert panel.action_count == 9
    assert "Et 3 autres échéances, dans votre calendrier." in response.content.decode()


def test_beat_schedule_and_default_rules_come_from_the_migration(db):
    from django_celery_beat.models import PeriodicTask

    from reminders.models import ReminderRule

    task = PeriodicTask.objects.get(task="reminders.tasks.task_scan_deadlines")
    assert (task.interval.every, task.interval.period) == (5, "minutes")
    assert PeriodicTask.objects.filter(task="reminders.tasks.task_send_digests").exists()
    assert sorted(ReminderRule.objects.filter(kind="meeting").values_list("days_before", flat=True)) == [1, 7]


def test_send_reminders_command_runs_one_pass(meeting, mailoutbox):
    from django.core.management import call_command

    MembershipFactory(group=meeting.group)

    call_command("send_reminders")
    call_command("send_reminders")

    assert len(mailoutbox) == 1
