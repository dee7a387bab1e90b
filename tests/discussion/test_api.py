"""The comments API: /api/v1/comments/?on=<kind>:<id or slug>, as DESIGN.md §4 writes it."""

import pytest
from django.urls import reverse

from discussion import services
from discussion.models import Comment
from discussion.registry import thread_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/comments/"


def _detail(comment) -> str:
    return reverse("api-comment-detail", args=[comment.pk])


def _post(user, on, body, **kwargs):
    return services.post_comment(thread=thread_for(user, on), by=user, body=body, **kwargs)


def _snapshot() -> list:
    return sorted(Comment.objects.values_list("pk", "body", "hidden_at", "deleted_at", "version"))


def test_members_list_and_post_on_their_group_thread(api_client, group, member, seat, colleague):
    _post(colleague, "group:evaluation", "Bonjour **à tous**.")
    api_client.force_authenticate(member)

    created = api_client.post(f"{LIST}?on=group:evaluation", {"body": "Merci @paul.pair"}, format="json")
    listed = api_client.get(f"{LIST}?on=group:{group.pk}")

    assert created.status_code == 201
    assert created.data["on"] == "group:evaluation"
    assert created.data["mentions"] == [{"id": colleague.pk, "name": "Paul Pair"}]
    assert '<strong class="mention">@Paul Pair</strong>' in created.data["body_html"]
    assert created.data["web_url"].endswith(f"/groupes/evaluation/#comment-{created.data['id']}")
    assert listed.status_code == 200
    assert listed.data["count"] == 2
    assert [c["body"] for c in listed.data["results"]] == ["Bonjour **à tous**.", "Merci @paul.pair"]
    assert listed.data["results"][0]["body_html"] == "<p>Bonjour <strong>à tous</strong>.</p>"


@pytest.mark.parametrize("caller", ["outsider", "lonely_user", "asking_outsider"])
def test_group_thread_is_404_for_non_members_and_nothing_is_posted(
    request, api_client, group, member, seat, outsider, asking, caller
):
    _post(member, "group:evaluation", "Entre membres.")
    before = _snapshot()
    user = outsider if caller == "asking_outsider" else request.getfixturevalue(caller)
    api_client.force_authenticate(user)

    listed = api_client.get(f"{LIST}?on=group:evaluation")
    posted = api_client.post(f"{LIST}?on=group:evaluation", {"body": "Intrusion"}, format="json")

    assert (listed.status_code, posted.status_code) == (404, 404)
    assert "Entre membres" not in listed.content.decode()
    assert _snapshot() == before


def test_anonymous_callers_are_refused(api_client, group, member, seat):
    _post(member, "group:evaluation", "Entre membres.")
    before = _snapshot()

    listed = api_client.get(f"{LIST}?on=group:evaluation")
    posted = api_client.post(f"{LIST}?on=group:evaluation", {"body": "Anonyme"}, format="json")

    assert (listed.status_code, posted.status_code) == (401, 401)
    assert _snapshot() == before


def test_consultation_of_another_audience_is_404_like_the_consultation(
    api_client, group_consultation, member, outsider
):
    _post(member, f"consultation:{group_consultation.pk}", "Notre avis.")
    api_client.force_authenticate(outsider)

    consultation = api_client.get(reverse("api-consultation-detail", args=[group_consultation.pk]))
    thread = api_client.get(f"{LIST}?on=consultation:{group_consultation.pk}")

    assert consultation.status_code == thread.status_code == 404


def test_comment_detail_of_an_invisible_thread_is_404_for_every_verb(api_client, group, member, seat, outsider):
    comment = _post(member, "group:evaluation", "Entre membres.")
    before = _snapshot()
    api_client.force_authenticate(outsider)

    answers = [
        api_client.get(_detail(comment)).status_code,
        api_client.patch(_detail(comment), {"body": "x"}, format="json").status_code,
        api_client.delete(_detail(comment)).status_code,
        api_client.post(f"{_detail(comment)}hide/", {"reason": "x"}, format="json").status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert _snapshot() == before


@pytest.mark.parametrize("on", ["", "group", "group:", "nope:1", "consultation:abc", "group:a b", "action:-1"])
def test_bad_on_is_400(api_client, member, on):
    api_client.force_authenticate(member)

    response = api_client.get(f"{LIST}?on={on}")

    assert response.status_code == 400
    assert "on" in response.data


def test_action_thread_is_for_members_and_staff(api_client, action, member, lonely_user, staff):
    _post(member, f"action:{action.pk}", "Avancement ?")

    answers = []
    for user in (member, staff, lonely_user):
        api_client.force_authenticate(user)
        answers.append(api_client.get(f"{LIST}?on=action:{action.pk}").status_code)

    assert answers == [200, 200, 404]


def test_editing_someone_elses_comment_is_403_and_changes_nothing(api_client, group, member, seat, colleague):
    comment = _post(member, "group:evaluation", "Texte original.")
    before = _snapshot()
    api_client.force_authenticate(colleague)

    patched = api_client.patch(_detail(comment), {"body": "Falsifié"}, format="json")
    deleted = api_client.delete(_detail(comment))

    assert (patched.status_code, deleted.status_code) == (403, 403)
    assert _snapshot() == before


def test_edit_with_a_stale_version_is_409_and_keeps_the_text(api_client, group, member, seat):
    comment = _post(member, "group:evaluation", "Version 1.")
    api_client.force_authenticate(member)
    api_client.patch(_detail(comment), {"body": "Version 2.", "version": 1}, format="json")

    stale = api_client.patch(_detail(comment), {"body": "Version perdue.", "version": 1}, format="json")

    assert stale.status_code == 409
    comment.refresh_from_db()
    assert comment.body == "Version 2."


def test_hide_by_chair_then_members_see_a_placeholder_and_staff_the_text(
    api_client, group, member, seat, chair, colleague, staff, mailoutbox, django_capture_on_commit_callbacks
):
    comment = _post(member, "group:evaluation", "Propos vif.")
    api_client.force_authenticate(colleague)
    refused = api_client.post(f"{_detail(comment)}hide/", {"reason": "Non"}, format="json")
    api_client.force_authenticate(chair)

    with django_capture_on_commit_callbacks(execute=True):
        hidden = api_client.post(f"{_detail(comment)}hide/", {"reason": "Ton agressif"}, format="json")

    api_client.force_authenticate(colleague)
    seen_by_member = api_client.get(f"{LIST}?on=group:evaluation").data["results"][0]
    api_client.force_authenticate(staff)
    seen_by_staff = api_client.get(f"{LIST}?on=group:evaluation").data["results"][0]
    assert (refused.status_code, hidden.status_code) == (403, 200)
    assert (seen_by_member["hidden"], seen_by_member["body"], seen_by_member["hidden_reason"]) == (True, "", None)
    assert (seen_by_staff["body"], seen_by_staff["hidden_reason"]) == ("Propos vif.", "Ton agressif")
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_delete_with_replies_leaves_a_placeholder(api_client, group, member, seat, colleague):
    comment = _post(member, "group:evaluation", "À effacer.")
    _post(colleague, "group:evaluation", "Réponse.", parent_id=comment.pk)
    api_client.force_authenticate(member)

    deleted = api_client.delete(_detail(comment))
    listed = api_client.get(f"{LIST}?on=group:evaluation").data["results"]

    assert deleted.status_code == 204
    assert [(c["deleted"], c["author"], c["body"]) for c in listed] == [(True, None, "")]
    assert [r["body"] for r in listed[0]["replies"]] == ["Réponse."]


def test_rate_limit_is_429_with_a_clear_message(api_client, group, member, seat, settings):
    settings.COMMENTS_RATE = "1/m"
    api_client.force_authenticate(member)
    api_client.post(f"{LIST}?on=group:evaluation", {"body": "Un."}, format="json")

    response = api_client.post(f"{LIST}?on=group:evaluation", {"body": "Deux."}, format="json")

    assert response.status_code == 429
    assert "réessayez dans" in response.data["detail"]
    assert int(response["Retry-After"]) >= 1
    assert Comment.objects.count() == 1


def test_xss_in_the_body_is_neutralised(api_client, group, member, seat):
    api_client.force_authenticate(member)

    response = api_client.post(
        f"{LIST}?on=group:evaluation",
        {"body": '<script>alert(1)</script><a href="javascript:alert(1)">x</a> [y](javascript:alert(2))'},
        format="json",
    )

    html = response.data["body_html"]
    assert response.status_code == 201
    assert "<script" not in html
    assert '<a href="javascript' not in html
    assert "&lt;script&gt;" in html  # raw HTML is shown as text
    assert '<a rel="nofollow noopener">y</a>' in html  # the link lost its javascript: address


@pytest.mark.parametrize("count", [1, 20])
def test_list_query_budget(api_client, group, member, seat, colleague, django_assert_num_queries, count, settings):
    settings.COMMENTS_RATE = "100/m"
    thread = thread_for(member, "group:evaluation")
    for index in range(count):
        top = services.post_comment(thread=thread, by=member, body=f"Commentaire {index} @paul.pair")
        Comment.objects.create(kind="group", object_id=group.pk, parent=top, author=colleague, body="Réponse")
    api_client.force_authenticate(member)

    with django_assert_num_queries(6):
        response = api_client.get(f"{LIST}?on=group:evaluation")

    assert response.data["count"] == count
