"""Races on PostgreSQL: two edits of one version, two posts against the last allowance of the rate limit."""

import pytest

from discussion import services
from discussion.models import Comment
from discussion.registry import thread_for
from snitem_portal.exceptions import Conflict

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_edits_from_the_same_version_keep_one(run_together, group, member, seat):
    thread = thread_for(member, "group:evaluation")
    comment = services.post_comment(thread=thread, by=member, body="Version 1.")

    outcomes = run_together(
        lambda: services.edit_comment(thread=thread, comment=comment, by=member, body="Onglet A.", version=1),
        lambda: services.edit_comment(thread=thread, comment=comment, by=member, body="Onglet B.", version=1),
    )

    kept = [o for o in outcomes if isinstance(o, Comment)]
    assert (len(kept), sum(isinstance(o, Conflict) for o in outcomes)) == (1, 1)
    comment.refresh_from_db()
    assert (comment.body, comment.version) == (kept[0].body, 2)


def test_two_posts_at_the_limit_publish_one(run_together, group, member, seat, settings):
    settings.COMMENTS_RATE = "1/m"
    thread = thread_for(member, "group:evaluation")

    outcomes = run_together(
        lambda: services.post_comment(thread=thread, by=member, body="Premier."),
        lambda: services.post_comment(thread=thread, by=member, body="Second."),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Comment", "CommentRateLimited"]
    assert Comment.objects.count() == 1
