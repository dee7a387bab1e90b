"""Bad inputs to the discussions, in the API and on the pages: a 4xx naming what is wrong (or the
page as usual), never a server error, and no comment written or changed."""

import re

import pytest
from django.urls import reverse

from discussion import services
from discussion.models import Comment
from discussion.registry import thread_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/comments/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.COMMENTS_RATE = "1000/m"


@pytest.fixture
def comment(group, member, seat):
    return services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body="Texte premier.")


def _snapshot() -> list:
    return sorted(Comment.objects.values_list("pk", "body", "parent_id", "hidden_at", "deleted_at", "version"))


@pytest.mark.parametrize(
    "on",
    ["", "group", "group:", "inconnu:1", "consultation:abc", "consultation:١", "consultation:0", "group:eval\x00",
     f"consultation:{10**30}", "group:" + "a" * 1000],
)  # fmt: skip
def test_a_malformed_on_is_400_naming_it(api_client, comment, member, on):
    before = _snapshot()
    api_client.force_authenticate(member)

    listed = api_client.get(LIST, {"on": on})
    posted = api_client.post(f"{LIST}?on={on}", {"body": "Texte."}, format="json")

    assert (listed.status_code, posted.status_code) == (400, 400)
    assert list(listed.json()) == list(posted.json()) == ["on"]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("body", {"body": "Texte\x00caché"}),
        ("body", {"body": "x" * 20_001}),
        ("body", {"body": None}),
        ("body", {"body": ["liste"]}),
        ("parent", {"body": "Texte.", "parent": "abc"}),
        ("parent", {"body": "Texte.", "parent": 10**30}),
        ("parent", {"body": "Texte.", "parent": 2**63 - 1}),
        ("parent", {"body": "Texte.", "parent": [1]}),
        ("parent", {"body": "Texte.", "parent": -1}),
    ],
)
def test_a_bad_comment_in_the_api_is_400_naming_the_field(api_client, comment, member, field, body):
    before = _snapshot()
    api_client.force_authenticate(member)

    response = api_client.post(f"{LIST}?on=group:evaluation", body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("body", {"body": "Autre\x00texte"}),
        ("version", {"body": "Autre texte.", "version": 10**30}),
        ("version", {"body": "Autre texte.", "version": "deux"}),
    ],
)
def test_a_bad_edit_in_the_api_is_400_naming_the_field(api_client, comment, member, field, body):
    before = _snapshot()
    api_client.force_authenticate(member)

    response = api_client.patch(reverse("api-comment-detail", args=[comment.pk]), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert _snapshot() == before


@pytest.mark.parametrize("pk", [2**31, 2**63, 10**30])
def test_an_id_out_of_range_is_404(api_client, client, comment, member, pk):
    before = _snapshot()
    api_client.force_authenticate(member)
    client.force_login(member)

    statuses = [
        api_client.get(f"{LIST}{pk}/").status_code,
        api_client.patch(f"{LIST}{pk}/", {"body": "x"}, format="json").status_code,
        api_client.delete(f"{LIST}{pk}/").status_code,
        client.post(reverse("discussion:comment-edit", args=[pk]), {"body": "x"}).status_code,
        client.post(reverse("discussion:comment-delete", args=[pk])).status_code,
        client.get(reverse("discussion:thread", args=["consultation", pk])).status_code,
    ]

    assert statuses == [404] * 6
    assert _snapshot() == before


REPLY_GONE = "Le commentaire auquel vous répondez n&#x27;existe pas ou plus."


@pytest.mark.parametrize("parent", [str(10**30), str(2**63), "١", "abc", "-1", "0", "\x00"])
def test_a_reply_to_no_comment_is_400_saying_so_and_keeps_the_text(client, comment, member, parent):
    before = _snapshot()
    client.force_login(member)

    response = client.post(
        reverse("discussion:comment-post", args=["group", "evaluation"]), {"body": "Ma réponse.", "parent": parent}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert REPLY_GONE in page
    assert re.search(r'<textarea[^>]*id="comment-new-body"[^>]*>\s*Ma réponse\.</textarea>', page)
    assert _snapshot() == before


def test_a_reply_to_a_comment_hidden_meanwhile_says_so_and_keeps_the_text(client, comment, member, chair):
    services.hide_comment(thread=thread_for(chair, "group:evaluation"), comment=comment, by=chair, reason="Hors sujet")
    before = _snapshot()
    client.force_login(member)

    response = client.post(
        reverse("discussion:comment-post", args=["group", "evaluation"]),
        {"body": "Ma réponse au propos masqué.", "parent": comment.pk},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "On ne répond pas à un commentaire masqué par la modération." in page
    assert re.search(r'<textarea[^>]*id="comment-new-body"[^>]*>\s*Ma réponse au propos masqué\.</textarea>', page)
    assert _snapshot() == before


def test_hiding_a_comment_hidden_meanwhile_says_so(client, comment, chair, staff):
    services.hide_comment(thread=thread_for(staff, "group:evaluation"), comment=comment, by=staff, reason="Doublon")
    before = _snapshot()
    client.force_login(chair)

    response = client.post(reverse("discussion:comment-hide", args=[comment.pk]), {"reason": "Hors sujet"})

    assert response.status_code == 400
    assert "Ce commentaire est déjà masqué ou supprimé." in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("number", ["abc", "9" * 50, "\x00", "-1", "0", "١"])
def test_any_page_number_of_a_thread_shows_a_page(client, comment, member, number):
    client.force_login(member)

    response = client.get(reverse("discussion:thread", args=["group", "evaluation"]), {"commentaires": number})

    assert response.status_code == 200
    assert "Texte premier." in response.content.decode()
