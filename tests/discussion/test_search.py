"""Comments in search: found by who may read the thread (the commented object's readers), never once
hidden or deleted."""

import pytest
from django.contrib.auth.models import AnonymousUser

from discussion.services import delete_comment, hide_comment, post_comment
from search.selectors import Search

from .conftest import thread_of

pytestmark = pytest.mark.django_db


def _counts(user, text) -> dict:
    return Search(user, text).counts


def test_a_group_comment_is_found_by_the_group_only(
    postgres_only, group, group_thread, member, chair, outsider, asking, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(thread=group_thread, by=member, body="Proposition : un atelier sur la pseudonymisation.")

    found = {
        "member": _counts(member, "pseudonymisation"),
        "chair": _counts(chair, "pseudonymisation"),
        "staff": _counts(staff, "pseudonymisation"),
        "asked to join": _counts(outsider, "pseudonymisation"),
        "visitor": _counts(AnonymousUser(), "pseudonymisation"),
    }

    assert found == {
        "member": {"comment": 1},
        "chair": {"comment": 1},
        "staff": {"comment": 1},
        "asked to join": {},
        "visitor": {},
    }
    [hit] = Search(member, "pseudonymisation").ranked()[:1]
    assert (hit.title, hit.url) == ("Évaluation", "/groupes/evaluation/#comments")


def test_a_hidden_or_deleted_comment_leaves_the_index(
    postgres_only, group, group_thread, member, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hidden = post_comment(thread=group_thread, by=member, body="Un propos sur les brevets.")
        deleted = post_comment(thread=group_thread, by=member, body="Une remarque sur les licences.")

    with django_capture_on_commit_callbacks(execute=True):
        hide_comment(thread=thread_of(chair, f"group:{group.slug}"), comment=hidden, by=chair, reason="Hors sujet")
        delete_comment(comment=deleted, by=member)

    assert _counts(chair, "brevets") == {}
    assert _counts(member, "licences") == {}
