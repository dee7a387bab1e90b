"""Admin history is read, never reverted: saving an old version would bypass the services (state
machines, version numbers, notifications, webhooks, search index)."""

from datetime import timedelta

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from discussion import services as discussion
from discussion.models import Comment
from discussion.registry import thread_for
from joint import services as joint
from joint.models import JointPosition
from roadmap.enums import PositionStatus
from roadmap.models import Consultation, Position
from snitem_portal.admin import ReadOnlyHistoryMixin
from tests.factories import CompanyFactory, UserFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in
from tests.roadmap.factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def _joint_position(superuser):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    drafted = joint.save_joint_position(consultation=consultation, by=superuser, text="Texte", quotes=[], public=False)
    return joint.circulate(joint=drafted, by=superuser, version=drafted.version)


def _comment(superuser):
    group = WorkingGroupFactory(slug="evaluation")
    author = member_of(CompanyFactory())
    active_in(group, author)
    thread = thread_for(author, "group:evaluation")
    comment = discussion.post_comment(thread=thread, by=author, body="Premier texte")
    return discussion.edit_comment(thread=thread, comment=comment, by=author, body="Texte corrigé")


def _consultation(superuser):
    consultation = ConsultationFactory(question="Première question ?")
    consultation.question = "Question reformulée ?"
    consultation.save()
    return consultation


def _position(superuser):
    position = PositionFactory(argument="Premier argument", status=PositionStatus.SUBMITTED, company=CompanyFactory())
    position.argument, position.version = "Argument révisé", position.version + 1
    position.save()
    return position


CASES = {
    "joint position": (JointPosition, "joint_jointposition", _joint_position),
    "comment": (Comment, "discussion_comment", _comment),
    "consultation": (Consultation, "roadmap_consultation", _consultation),
    "position": (Position, "roadmap_position", _position),
}


def _form_data(form) -> dict:
    """What the history form posts back when « Revert » is pressed: the old version's values."""
    data = {}
    for field in form:
        widget, value = field.field.widget, field.value()
        widget = getattr(widget, "widget", widget)  # a related field's wrapper
        if isinstance(widget, forms.MultiWidget):
            for index, (part_widget, part) in enumerate(zip(widget.widgets, widget.decompress(value), strict=True)):
                data[f"{field.html_name}_{index}"] = part_widget.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            formatted = None if value is None else widget.format_value(value)
            data[field.html_name] = "" if formatted is None else formatted
    return data


def _snapshot(model, pk):
    return model.objects.filter(pk=pk).values().get(), model.history.filter(id=pk).count()


@pytest.mark.parametrize("case", CASES)
def test_posting_an_old_version_to_the_history_form_changes_nothing(client, superuser, case):
    model, prefix, make = CASES[case]
    obj = make(superuser)
    oldest = model.history.filter(id=obj.pk).earliest("history_date")
    url = reverse(f"admin:{prefix}_simple_history", args=[obj.pk, oldest.history_id])
    client.force_login(superuser)
    page = client.get(url)
    data = _form_data(page.context["adminform"].form)
    before = _snapshot(model, obj.pk)

    response = client.post(url, {**data, "_save": "Revert"}, follow=True)

    assert _snapshot(model, obj.pk) == before
    assert before[1] == 2
    assert response.redirect_chain == [(url, 302)]
    assert response.status_code == 200
    assert "se consulte seulement" in response.content.decode()


@pytest.mark.parametrize("case", CASES)
def test_staff_still_read_the_history_list_and_a_past_version(client, superuser, case):
    model, prefix, make = CASES[case]
    obj = make(superuser)
    oldest = model.history.filter(id=obj.pk).earliest("history_date")
    client.force_login(superuser)

    history = client.get(reverse(f"admin:{prefix}_history", args=[obj.pk]))
    past = client.get(reverse(f"admin:{prefix}_simple_history", args=[obj.pk, oldest.history_id]))

    assert (history.status_code, past.status_code) == (200, 200)
    assert past.context["revert_disabled"] is True
    assert 'name="_save"' not in past.content.decode()


def test_every_history_admin_refuses_a_revert():
    history_admins = {
        type(model_admin).__name__: isinstance(model_admin, ReadOnlyHistoryMixin)
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    }

    assert history_admins
    assert {name for name, read_only in history_admins.items() if not read_only} == set()
