"""Personal data of the discussions: a person's comments exported; erased with the account."""

import pytest

from discussion import privacy, services
from discussion.models import Comment
from discussion.registry import thread_for

pytestmark = pytest.mark.django_db


def test_export_holds_the_persons_comments_only(group, member, seat, colleague):
    thread = thread_for(member, "group:evaluation")
    mine = services.post_comment(thread=thread, by=member, body="Mon avis.")
    services.post_comment(thread=thread, by=colleague, body="AVIS-DU-COLLEGUE @member", parent_id=mine.pk)

    exported = privacy.export(member)

    assert [(c["on"], c["body"], c["in_reply_to"]) for c in exported["comments"]] == [
        (f"group:{group.pk}", "Mon avis.", None)
    ]
    assert "AVIS-DU-COLLEGUE" not in str(exported)


def test_erase_deletes_the_texts_and_their_history_and_unnames_the_person(group, member, seat, colleague):
    thread = thread_for(colleague, "group:evaluation")
    mine = services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body="Secret.")
    services.edit_comment(thread=thread, comment=mine, by=member, body="Secret modifié.")
    naming = services.post_comment(thread=thread, by=colleague, body="Merci @member", parent_id=mine.pk)

    privacy.erase(member)

    mine.refresh_from_db()
    assert (mine.body, mine.is_deleted) == ("", True)
    assert not Comment.history.filter(body__startswith="Secret").exists()
    assert list(naming.mentions.all()) == []
    assert naming.body == "Merci @member"


def test_erase_takes_the_texts_out_of_the_search_index(group, member, seat, django_capture_on_commit_callbacks):
    from search.models import Entry

    with django_capture_on_commit_callbacks(execute=True):
        mine = services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body="Zanzibarique.")
    assert Entry.objects.filter(kind="comment", object_id=mine.pk, body__contains="Zanzibarique").exists()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase(member)

    assert not Entry.objects.filter(body__contains="Zanzibarique").exists()
