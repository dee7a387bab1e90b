"""Association staff run the portal from admin with the Staff group's permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from snitem_portal.users.staff import STAFF_GROUP_NAME, ensure_staff_group, grant_staff

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

# One page per app staff run, and the reminder schedule they edit.
ADMIN_PAGES = [
    "admin:groups_company_changelist",
    "admin:groups_workinggroup_changelist",
    "admin:roadmap_action_changelist",
    "admin:roadmap_consultation_changelist",
    "admin:projects_call_changelist",
    "admin:projects_submission_changelist",
    "admin:reminders_reminderrule_changelist",
    "admin:meetings_minutes_changelist",
    "admin:documents_document_changelist",
    "admin:discussion_comment_changelist",
    "admin:joint_jointposition_changelist",
    "admin:mailings_mailing_changelist",
    "admin:webhooks_endpoint_changelist",
    "admin:snitem_portal_sitetext_changelist",
    "admin:django_celery_beat_periodictask_changelist",
    "admin:users_user_changelist",
]


@override_settings(DEBUG=True)
def test_demo_staff_account_can_use_admin(client):
    call_command("seed_demo", scale=1)
    staff = User.objects.get(email="staff@demo.example")
    client.force_login(staff)

    index = client.get(reverse("admin:index"))
    pages = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert list(staff.groups.values_list("name", flat=True)) == [STAFF_GROUP_NAME]
    assert index.status_code == 200
    assert {app["app_label"] for app in index.context["app_list"]} >= {
        "groups",
        "roadmap",
        "projects",
        "reminders",
        "users",
        "django_celery_beat",
    }
    assert pages == dict.fromkeys(ADMIN_PAGES, 200)


def test_load_reference_data_creates_the_staff_group_with_model_permissions_only():
    call_command("load_reference_data")

    group = Group.objects.get(name=STAFF_GROUP_NAME)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert labels == {
        "users",
        "groups",
        "roadmap",
        "projects",
        "reminders",
        "meetings",
        "documents",
        "discussion",
        "joint",
        "mailings",
        "webhooks",
        "snitem_portal",
        "django_celery_beat",
    }
    assert {"change_submission", "view_position", "add_call", "change_periodictask"} <= codenames
    assert {"change_minutes", "delete_document", "change_comment", "add_mailing", "change_sitetext"} <= codenames
    assert not codenames & {"view_notification", "change_preference", "view_entry"}
    assert "change_permission" not in codenames
    assert "change_group" not in codenames


def test_ensure_staff_group_is_idempotent():
    first = ensure_staff_group()
    count = first.permissions.count()

    second = ensure_staff_group()

    assert (second.pk, second.permissions.count()) == (first.pk, count)
    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1


def test_staff_cannot_make_themselves_superuser_in_admin(client):
    staff = UserFactory(email="staff@snitem.example")
    grant_staff(staff)
    client.force_login(staff)
    url = reverse("admin:users_user_change", args=[staff.pk])

    form = client.get(url).context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    staff.refresh_from_db()
    assert (staff.is_staff, staff.is_superuser) == (True, False)


def test_grant_staff_command_makes_an_account_staff():
    person = UserFactory(email="nouvelle@snitem.example")

    call_command("grant_staff", "Nouvelle@snitem.example")

    person.refresh_from_db()
    assert person.is_staff
    assert list(person.groups.values_list("name", flat=True)) == [STAFF_GROUP_NAME]


def test_grant_staff_command_refuses_an_unknown_email():
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("grant_staff", "personne@nulle-part.example")

    assert not User.objects.filter(is_staff=True).exists()
