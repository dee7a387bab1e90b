"""The catalogue of kinds: every template named once, every kind storable, sign-off kinds as the rules say."""

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from inbox.models import Notification
from snitem_portal.notifications import OTHER_KIND, all_kinds, kind_for

EXPECTED = {
    "groups/email/affiliation_requested": "affiliation_requested",
    "groups/email/affiliation_decided": "affiliation_decided",
    "groups/email/membership_requested": "membership_requested",
    "groups/email/membership_decided": "membership_decided",
    "groups/email/role_changed": "role_changed",
    "groups/email/meeting_invitation": "meeting",
    "groups/email/meeting_rescheduled": "meeting",
    "groups/email/meeting_relocated": "meeting",
    "groups/email/meeting_cancelled": "meeting",
    "meetings/email/minutes_circulated": "minutes_circulated",
    "documents/email/document_added": "document_added",
    "discussion/email/mentioned": "mentioned",
    "discussion/email/replied": "replied",
    "discussion/email/hidden": "comment_hidden",
    "roadmap/email/action_status_changed": "action_followed",
    "roadmap/email/position_revision_pending": "position_to_sign",
    "projects/email/deadline_moved": "deadline_moved",
    "projects/email/submission_received": "application_submitted",
    "projects/email/partnership_requested": "partnership_requested",
    "projects/email/decision_published": "application_decided",
}


@pytest.mark.parametrize(("template", "kind"), sorted(EXPECTED.items()))
def test_each_event_template_has_its_kind(template, kind):
    assert kind_for(template).name == kind


def test_kinds_are_unique_storable_and_name_each_template_once():
    kinds = all_kinds()
    templates = [template for kind in kinds for template in kind.templates]

    assert len({kind.name for kind in kinds}) == len(kinds)
    assert max(len(kind.name) for kind in kinds) <= Notification._meta.get_field("kind").max_length
    assert len(templates) == len(set(templates))
    assert kinds[-1].name == OTHER_KIND


def test_only_what_a_referent_signs_off_cannot_be_switched_off():
    assert sorted(kind.name for kind in all_kinds() if kind.signoff) == [
        "affiliation_requested",
        "partnership_requested",
        "position_to_sign",
    ]


def test_declared_templates_that_exist_have_a_subject_to_title_the_notification():
    missing = []
    for kind in all_kinds():
        for template in kind.templates:
            try:
                get_template(f"{template}.txt")
            except TemplateDoesNotExist:
                continue  # declared ahead of the code that sends it
            try:
                get_template(f"{template}_subject.txt")
            except TemplateDoesNotExist:
                missing.append(template)

    assert missing == []
