"""Who still reads a hidden comment: one rule (``permissions.can_read_hidden_comment``), the same
answer on the thread's page and in the API for every reader of the thread."""

import pytest
from django.urls import reverse

from discussion import services
from discussion.registry import thread_for

pytestmark = pytest.mark.django_db

BODY = "Propos vif et confidentiel, @paul.pair."
REASON = "Ton agressif envers un pair"


@pytest.fixture
def hidden_comment(group, member, seat, chair, colleague):
    comment = services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body=BODY)
    return services.hide_comment(thread=thread_for(chair, "group:evaluation"), comment=comment, by=chair, reason=REASON)


@pytest.mark.parametrize(
    ("role", "reads"),
    [("member", False), ("chair", False), ("colleague", False), ("staff", True)],
    ids=["author", "moderator", "other_member", "staff"],
)
def test_page_and_api_agree_on_who_reads_a_hidden_comment(
    request, client, api_client, hidden_comment, staff, role, reads
):
    viewer = request.getfixturevalue(role)
    client.force_login(viewer)
    api_client.force_authenticate(viewer)

    page = client.get(reverse("discussion:thread", args=["group", "evaluation"])).content.decode()
    api = api_client.get("/api/v1/comments/?on=group:evaluation").data["results"]

    assert f'id="comment-{hidden_comment.pk}"' in page
    assert [(c["id"], c["hidden"]) for c in api] == [(hidden_comment.pk, True)]
    seen_on_page = ("Propos vif et confidentiel" in page, REASON in page, "@Paul Pair" in page)
    seen_in_api = (api[0]["body"] == BODY, api[0]["hidden_reason"] == REASON, api[0]["mentions"] != [])
    assert seen_on_page == seen_in_api == (reads, reads, reads)
    assert bool(api[0]["body_html"]) is reads
