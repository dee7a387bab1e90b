import io

import pytest
from django.core.management import call_command

from discussion.models import Comment
from discussion.registry import Thread, get_target

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_threads_with_replies_and_mentions_of_readers():
    call_command("seed_demo", "--force", "--password", "demo", stdout=io.StringIO())

    kinds = set(Comment.objects.values_list("kind", flat=True))
    replies = Comment.objects.filter(parent__isnull=False)
    mentioned = Comment.objects.filter(mentions__isnull=False).prefetch_related("mentions").distinct()
    assert kinds >= {"group", "consultation", "action"}
    assert replies.exists()
    assert mentioned.count() == Comment.objects.filter(parent__isnull=True, body__contains="@").count()
    for comment in mentioned:
        target = get_target(comment.kind)
        thread = Thread(target, target.model._default_manager.get(pk=comment.object_id))
        assert all(thread.visible_to(person) for person in comment.mentions.all())
