"""Access matrix: every page and endpoint refuses the wrong caller and changes nothing.

One shared world holds data that could leak or be changed (a moderated group with a pending
request and a meeting, an open consultation with a draft position, a call with a draft
submission carrying an attachment and another company's sent submission). Each denial test
calls as the wrong user, asserts the status, then compares a snapshot of that world.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discussion.models import Comment
from groups.enums import AffiliationStatus, GroupRole, MembershipStatus
from groups.models import Affiliation, Membership, WorkingGroup
from inbox.models import Notification
from projects import services as project_services
from projects.enums import CallStatus, SubmissionStatus
from projects.models import Attachment, Call, Submission
from roadmap.models import Answer, Consultation, Position, Question
from search.indexing import rebuild as rebuild_search_index

from .factories import AffiliationFactory, CompanyFactory, UserFactory, member_of
from .groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of, pending_in
from .projects.factories import CallFactory, SubmissionFactory, pdf_upload, submitted
from .roadmap.factories import ActionFactory, ConsultationFactory, OrientationFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def world(company, other_company, member, referent, outsider, staff, lonely_user):
    group = WorkingGroupFactory(name="Groupe privé", slug="prive", is_open=False)
    chair = member_of(CompanyFactory(name="Présidente SA"), user__email="chair@chair.example")
    chair_of(group, chair)
    member_seat = active_in(group, member)
    request = pending_in(group, outsider)
    # A newcomer's pending request to join the company: only its author may cancel it.
    asked = AffiliationFactory(company=company, status=AffiliationStatus.PENDING)
    meeting = MeetingFactory(group=group, title="Réunion privée")
    archived = WorkingGroupFactory(name="Archivé", slug="archive", is_active=False)
    consultation = ConsultationFactory(action=ActionFactory(number=7, title="Action suivie"))
    position = PositionFactory(consultation=consultation, company=company, argument="BROUILLON-SECRET", shared=True)
    call = CallFactory(title="Appel ouvert", slug="appel-ouvert")
    draft = SubmissionFactory(call=call, company=company, title="Projet brouillon", created_by=member)
    project_services.add_attachment(submission=draft, by=referent, uploaded=pdf_upload())
    other_sent = submitted(call=call, company=other_company, title="Projet déposé de l'autre")
    hidden_call = CallFactory(title="Appel brouillon", slug="appel-brouillon", status=CallStatus.DRAFT)
    # The group's members-only thread: a comment of its chair.
    comment = Comment.objects.create(kind="group", object_id=group.pk, author=chair, body="Commentaire privé du groupe")
    return {
        "group": group,
        "archived": archived,
        "chair": chair,
        "member_seat": member_seat,
        "request": request,
        "asked": asked,
        "meeting": meeting,
        "consultation": consultation,
        "position": position,
        "call": call,
        "hidden_call": hidden_call,
        "draft": draft,
        "attachment": draft.attachments.get(),
        "other_sent": other_sent,
        "member": member,
        "comment": comment,
        # The member's unread notification: only they may read or mark it.
        "notification": Notification.objects.create(recipient=member, kind="meeting", title="Réunion privée", url="/"),
    }


def snapshot(world) -> dict:
    """Everything a refused request could have changed."""
    return {
        "memberships": sorted(Membership.objects.values_list("user_id", "group_id", "role", "status")),
        "affiliations": sorted(Affiliation.objects.values_list("user_id", "company_id", "role", "status")),
        "groups": sorted(WorkingGroup.objects.values_list("slug", "is_active")),
        "meeting": type(world["meeting"]).objects.filter(pk=world["meeting"].pk).values("title", "cancelled_at").get(),
        "consultations": Consultation.objects.count(),
        "positions": sorted(Position.objects.values_list("pk", "status", "stance", "argument", "version")),
        "questions": sorted(Question.objects.values_list("pk", "kind", "label", "choices")),
        "answers": sorted(Answer.objects.values_list("pk", "value", "revision_value")),
        "submissions": sorted(
            Submission.objects.values_list(
                "pk", "status", "decision", "version", "extension_until", "decision_published_at", "title"
            )
        ),
        "attachments": Attachment.objects.count(),
        "calls": sorted(Call.objects.values_list("slug", "status", "closes_at")),
        "action_followers": world["consultation"].action.followers.count(),
        "calendar_token": type(world["member"]).objects.get(pk=world["member"].pk).calendar_token,
        "comments": sorted(Comment.objects.values_list("pk", "body", "hidden_at", "deleted_at", "version")),
        "notifications": sorted(Notification.objects.values_list("pk", "recipient_id", "read_at")),
    }


# --- Web pages: anonymous callers go to the login page ----------------------------------------

WEB_LOGIN_REQUIRED = [
    ("get", lambda w: reverse("discussion:thread", args=["group", "prive"])),
    ("post", lambda w: reverse("discussion:comment-post", args=["group", "prive"])),
    ("post", lambda w: reverse("discussion:comment-edit", args=[w["comment"].pk])),
    ("post", lambda w: reverse("discussion:comment-delete", args=[w["comment"].pk])),
    ("post", lambda w: reverse("discussion:comment-hide", args=[w["comment"].pk])),
    ("get", lambda w: reverse("dashboard")),
    ("get", lambda w: reverse("api-token")),
    ("get", lambda w: reverse("groups:company-detail", args=[w["draft"].company_id])),
    ("get", lambda w: reverse("groups:affiliation-request")),
    ("post", lambda w: reverse("groups:affiliation-decide", args=[1])),
    ("post", lambda w: reverse("groups:affiliation-role", args=[1])),
    ("post", lambda w: reverse("groups:affiliation-withdraw", args=[w["asked"].pk])),
    ("get", lambda w: reverse("groups:my-company-groups")),
    ("post", lambda w: reverse("groups:membership-decide", args=[w["request"].pk])),
    ("post", lambda w: reverse("groups:memberships-decide-bulk")),
    ("post", lambda w: reverse("groups:membership-role", args=[w["member_seat"].pk])),
    ("post", lambda w: reverse("groups:group-join", args=["prive"])),
    ("post", lambda w: reverse("groups:group-leave", args=["prive"])),
    ("get", lambda w: reverse("groups:meeting-create", args=["prive"])),
    ("get", lambda w: reverse("groups:meeting-detail", args=["prive", w["meeting"].pk])),
    ("post", lambda w: reverse("groups:meeting-edit", args=["prive", w["meeting"].pk])),
    ("post", lambda w: reverse("groups:meeting-cancel", args=["prive", w["meeting"].pk])),
    ("get", lambda w: reverse("groups:meeting-ics", args=["prive", w["meeting"].pk])),
    ("post", lambda w: reverse("roadmap:action-follow", args=[w["consultation"].action_id])),
    ("post", lambda w: reverse("roadmap:action-update", args=[w["consultation"].action_id])),
    ("get", lambda w: reverse("roadmap:consultation-list")),
    ("get", lambda w: reverse("roadmap:consultation-create")),
    ("get", lambda w: reverse("roadmap:consultation-detail", args=[w["consultation"].pk])),
    ("post", lambda w: reverse("roadmap:position-submit", args=[w["consultation"].pk])),
    ("post", lambda w: reverse("roadmap:consultation-questions", args=[w["consultation"].pk])),
    ("get", lambda w: reverse("roadmap:company-positions", args=[w["draft"].company_id])),
    ("get", lambda w: reverse("roadmap:synthesis-export", args=[w["consultation"].pk, "csv"])),
    ("get", lambda w: reverse("projects:my-submissions")),
    ("get", lambda w: reverse("projects:submission-create", args=["appel-ouvert"])),
    ("get", lambda w: reverse("projects:submission-detail", args=[w["draft"].pk])),
    ("post", lambda w: reverse("projects:submission-submit", args=[w["draft"].pk])),
    ("post", lambda w: reverse("projects:submission-withdraw", args=[w["other_sent"].pk])),
    ("post", lambda w: reverse("projects:submission-reopen", args=[w["other_sent"].pk])),
    ("post", lambda w: reverse("projects:attachment-upload", args=[w["draft"].pk])),
    ("get", lambda w: reverse("projects:submission-snapshot", args=[w["other_sent"].pk])),
    ("get", lambda w: reverse("projects:submission-review", args=[w["other_sent"].pk])),
    ("post", lambda w: reverse("projects:submission-decide", args=[w["other_sent"].pk])),
    ("post", lambda w: reverse("projects:submission-extension", args=[w["draft"].pk])),
    ("get", lambda w: reverse("projects:attachment-download", args=[w["attachment"].pk])),
    ("post", lambda w: reverse("projects:attachment-delete", args=[w["attachment"].pk])),
    ("get", lambda w: reverse("projects:call-jury", args=["appel-ouvert"])),
    ("get", lambda w: reverse("projects:call-ranking", args=["appel-ouvert"])),
    ("post", lambda w: reverse("projects:call-publish", args=["appel-ouvert"])),
    ("post", lambda w: reverse("projects:call-deadline", args=["appel-ouvert"])),
    ("get", lambda w: reverse("projects:call-export", args=["appel-ouvert", "csv"])),
    ("get", lambda w: reverse("reminders:preferences")),
    ("post", lambda w: reverse("reminders:calendar-regenerate")),
    ("get", lambda w: reverse("inbox:list")),
    ("post", lambda w: reverse("inbox:read", args=[w["notification"].pk])),
    ("post", lambda w: reverse("inbox:read-all")),
    ("get", lambda w: reverse("privacy-my-data")),
    ("get", lambda w: reverse("privacy-export")),
    ("post", lambda w: reverse("privacy-close-account")),
]


@pytest.mark.parametrize(("method", "url"), WEB_LOGIN_REQUIRED)
def test_anonymous_is_sent_to_login_and_nothing_changes(client, world, method, url):
    before = snapshot(world)
    path = url(world)

    response = getattr(client, method)(path, {"decision": "laureate", "until": "2040-01-01T12:00", "reason": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    assert snapshot(world) == before


# --- Public pages of the groups: the description only ------------------------------------------

PRIVATE_GROUP_WORDS = ("Réunion privée", "chair@chair.example", "Présidente SA", "Commentaire privé du groupe")


@pytest.mark.parametrize("url", [reverse("groups:group-list"), reverse("groups:group-detail", args=["prive"])])
def test_anonymous_sees_public_group_pages_without_private_data_and_nothing_changes(client, world, url):
    before = snapshot(world)

    response = client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Groupe privé" in text
    assert [word for word in PRIVATE_GROUP_WORDS if word in text] == []
    people = [world["chair"], world["member"], world["request"].user]
    assert [p.email for p in people if p.email in text or p.get_full_name() in text] == []
    assert snapshot(world) == before


def test_anonymous_gets_404_for_an_archived_group(client, world):
    assert client.get(reverse("groups:group-detail", args=["archive"])).status_code == 404


def test_anonymous_company_search_names_a_few_active_companies_only_and_changes_nothing(client, world):
    CompanyFactory(name="Entreprise suspendue", status="suspended")
    before = snapshot(world)

    short = client.get(reverse("groups:company-search"), {"q": "en"})
    found = client.get(reverse("groups:company-search"), {"q": "entreprise"}).json()["results"]

    assert short.status_code == 400
    assert found == [{"name": "Autre Entreprise"}]
    assert snapshot(world) == before


# --- API: anonymous callers get 401 -----------------------------------------------------------

API_AUTH_REQUIRED = [
    ("get", lambda w: "/api/v1/comments/?on=group:prive"),
    ("post", lambda w: "/api/v1/comments/?on=group:prive"),
    ("patch", lambda w: f"/api/v1/comments/{w['comment'].pk}/"),
    ("delete", lambda w: f"/api/v1/comments/{w['comment'].pk}/"),
    ("post", lambda w: f"/api/v1/comments/{w['comment'].pk}/hide/"),
    ("get", lambda w: "/api/v1/me/export/"),
    ("post", lambda w: "/api/v1/me/delete/"),
    ("get", lambda w: "/api/v1/me/"),
    ("get", lambda w: "/api/v1/companies/"),
    ("get", lambda w: f"/api/v1/companies/{w['draft'].company_id}/"),
    ("get", lambda w: "/api/v1/groups/"),
    ("get", lambda w: "/api/v1/groups/prive/"),
    ("post", lambda w: "/api/v1/groups/prive/join/"),
    ("post", lambda w: "/api/v1/groups/prive/leave/"),
    ("get", lambda w: "/api/v1/groups/prive/memberships/"),
    ("post", lambda w: f"/api/v1/memberships/{w['request'].pk}/approve/"),
    ("post", lambda w: f"/api/v1/memberships/{w['request'].pk}/reject/"),
    ("post", lambda w: f"/api/v1/memberships/{w['member_seat'].pk}/role/"),
    ("get", lambda w: "/api/v1/consultations/"),
    ("post", lambda w: "/api/v1/consultations/"),
    ("get", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/"),
    ("get", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/synthesis/"),
    ("post", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/questions/"),
    ("get", lambda w: "/api/v1/positions/"),
    ("post", lambda w: "/api/v1/positions/"),
    ("get", lambda w: f"/api/v1/positions/{w['position'].pk}/"),
    ("patch", lambda w: f"/api/v1/positions/{w['position'].pk}/"),
    ("post", lambda w: f"/api/v1/positions/{w['position'].pk}/submit/"),
    ("post", lambda w: "/api/v1/calls/"),
    ("patch", lambda w: "/api/v1/calls/appel-ouvert/"),
    ("get", lambda w: "/api/v1/submissions/"),
    ("post", lambda w: "/api/v1/submissions/"),
    ("get", lambda w: f"/api/v1/submissions/{w['draft'].pk}/"),
    ("patch", lambda w: f"/api/v1/submissions/{w['draft'].pk}/"),
    ("post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/attachments/"),
    ("post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/submit/"),
    ("post", lambda w: f"/api/v1/submissions/{w['other_sent'].pk}/withdraw/"),
    ("post", lambda w: f"/api/v1/submissions/{w['other_sent'].pk}/reopen/"),
    ("post", lambda w: f"/api/v1/submissions/{w['other_sent'].pk}/decide/"),
    ("get", lambda w: "/api/v1/deadlines/"),
    ("get", lambda w: "/api/v1/notifications/"),
    ("post", lambda w: f"/api/v1/notifications/{w['notification'].pk}/read/"),
    ("post", lambda w: "/api/v1/notifications/read-all/"),
]


def _api_body(world) -> dict:
    return {
        "version": 1,
        "title": "piraté",
        "argument": "piraté",
        "stance": "oppose",
        "decision": "laureate",
        "role": GroupRole.CHAIR,
        "consultation": world["consultation"].pk,
        "call": world["call"].pk,
        "summary": "x",
    }


@pytest.mark.parametrize(("method", "url"), API_AUTH_REQUIRED)
def test_api_anonymous_is_401_and_nothing_changes(api_client, world, method, url):
    before = snapshot(world)

    response = getattr(api_client, method)(url(world), _api_body(world), format="json")

    assert response.status_code == 401
    assert snapshot(world) == before


# --- API: a signed-in user with no company is not a member ------------------------------------

API_MEMBERS_ONLY = [
    ("get", lambda w: "/api/v1/companies/"),
    ("get", lambda w: "/api/v1/groups/"),
    ("get", lambda w: "/api/v1/groups/prive/"),
    ("post", lambda w: "/api/v1/groups/prive/join/"),
    ("post", lambda w: "/api/v1/groups/prive/leave/"),
    ("get", lambda w: "/api/v1/groups/prive/memberships/"),
    ("post", lambda w: f"/api/v1/memberships/{w['request'].pk}/approve/"),
    ("post", lambda w: f"/api/v1/memberships/{w['request'].pk}/reject/"),
    ("post", lambda w: f"/api/v1/memberships/{w['member_seat'].pk}/role/"),
    ("get", lambda w: "/api/v1/consultations/"),
    ("post", lambda w: "/api/v1/consultations/"),
    ("get", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/synthesis/"),
    ("post", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/questions/"),
    ("get", lambda w: "/api/v1/positions/"),
    ("post", lambda w: "/api/v1/positions/"),
    ("patch", lambda w: f"/api/v1/positions/{w['position'].pk}/"),
    ("post", lambda w: f"/api/v1/positions/{w['position'].pk}/submit/"),
    ("get", lambda w: "/api/v1/deadlines/"),
]


@pytest.mark.parametrize(("method", "url"), API_MEMBERS_ONLY)
def test_api_user_without_company_is_403_and_nothing_changes(api_client, world, lonely_user, method, url):
    api_client.force_authenticate(lonely_user)
    before = snapshot(world)

    response = getattr(api_client, method)(url(world), _api_body(world), format="json")

    assert response.status_code == 403
    assert snapshot(world) == before


def test_api_user_without_company_sees_no_submission(api_client, world, lonely_user):
    api_client.force_authenticate(lonely_user)
    before = snapshot(world)

    listed = api_client.get("/api/v1/submissions/")
    detail = api_client.get(f"/api/v1/submissions/{world['draft'].pk}/")
    patched = api_client.patch(f"/api/v1/submissions/{world['draft'].pk}/", {"version": 1, "title": "x"})
    created = api_client.post("/api/v1/submissions/", {"call": world["call"].pk, "title": "x", "summary": "x"})

    assert (listed.status_code, listed.json()["count"]) == (200, 0)
    assert (detail.status_code, patched.status_code) == (404, 404)
    assert created.status_code == 403
    assert snapshot(world) == before


# --- API: wrong role or other company -----------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "method", "url", "status"),
    [
        # A plain member of the group sees its requests but does not chair it.
        ("member", "post", lambda w: f"/api/v1/memberships/{w['request'].pk}/reject/", 403),
        ("member", "post", lambda w: f"/api/v1/memberships/{w['request'].pk}/approve/", 403),
        # Own seat is visible, but only a chair changes roles.
        ("member", "post", lambda w: f"/api/v1/memberships/{w['member_seat'].pk}/role/", 403),
        ("outsider", "post", lambda w: f"/api/v1/memberships/{w['member_seat'].pk}/role/", 404),
        # Someone else's notification, even of a colleague or as staff, does not exist for the caller.
        ("outsider", "post", lambda w: f"/api/v1/notifications/{w['notification'].pk}/read/", 404),
        ("referent", "post", lambda w: f"/api/v1/notifications/{w['notification'].pk}/read/", 404),
        ("staff", "post", lambda w: f"/api/v1/notifications/{w['notification'].pk}/read/", 404),
        ("member", "get", lambda w: "/api/v1/groups/prive/memberships/", 403),
        # Archived groups are hidden from members.
        ("member", "get", lambda w: "/api/v1/groups/archive/", 404),
        ("member", "post", lambda w: "/api/v1/groups/archive/join/", 404),
        ("member", "post", lambda w: "/api/v1/groups/archive/leave/", 404),
        # Submissions: other company hidden; member is not a referent; only staff decide.
        ("outsider", "get", lambda w: f"/api/v1/submissions/{w['draft'].pk}/", 404),
        ("outsider", "patch", lambda w: f"/api/v1/submissions/{w['draft'].pk}/", 404),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/attachments/", 404),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/submit/", 404),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/withdraw/", 404),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/reopen/", 404),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/decide/", 404),
        ("member", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/submit/", 403),
        ("member", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/withdraw/", 403),
        ("referent", "post", lambda w: f"/api/v1/submissions/{w['draft'].pk}/decide/", 403),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['other_sent'].pk}/decide/", 403),
        ("outsider", "post", lambda w: f"/api/v1/submissions/{w['other_sent'].pk}/reopen/", 403),
        # Calls: drafts are hidden from non-staff; only staff create or change calls.
        ("member", "get", lambda w: "/api/v1/calls/appel-brouillon/", 404),
        ("member", "patch", lambda w: "/api/v1/calls/appel-ouvert/", 403),
        ("referent", "post", lambda w: "/api/v1/calls/", 403),
        # Positions: another company's draft is hidden; a member does not submit.
        ("outsider", "get", lambda w: f"/api/v1/positions/{w['position'].pk}/", 404),
        ("outsider", "patch", lambda w: f"/api/v1/positions/{w['position'].pk}/", 404),
        ("outsider", "post", lambda w: f"/api/v1/positions/{w['position'].pk}/submit/", 404),
        ("member", "post", lambda w: f"/api/v1/positions/{w['position'].pk}/submit/", 403),
        # Questions: staff and the consulted group's chairs only.
        ("member", "post", lambda w: f"/api/v1/consultations/{w['consultation'].pk}/questions/", 403),
        # Comments: a thread is read by exactly who sees its object (404 otherwise, as the object; lists:
        # tests/discussion/test_api.py); only the author edits or deletes, only the object's moderators hide.
        ("outsider", "post", lambda w: "/api/v1/comments/?on=group:prive", 404),
        ("lonely_user", "post", lambda w: f"/api/v1/comments/?on=consultation:{w['consultation'].pk}", 404),
        ("outsider", "get", lambda w: f"/api/v1/comments/{w['comment'].pk}/", 404),
        ("outsider", "patch", lambda w: f"/api/v1/comments/{w['comment'].pk}/", 404),
        ("outsider", "delete", lambda w: f"/api/v1/comments/{w['comment'].pk}/", 404),
        ("referent", "post", lambda w: f"/api/v1/comments/{w['comment'].pk}/hide/", 404),
        ("member", "patch", lambda w: f"/api/v1/comments/{w['comment'].pk}/", 403),
        ("member", "delete", lambda w: f"/api/v1/comments/{w['comment'].pk}/", 403),
        ("member", "post", lambda w: f"/api/v1/comments/{w['comment'].pk}/hide/", 403),
    ],
)
def test_api_wrong_caller_is_refused_and_nothing_changes(api_client, world, request, caller, method, url, status):
    api_client.force_authenticate(request.getfixturevalue(caller))
    before = snapshot(world)

    response = getattr(api_client, method)(url(world), _api_body(world), format="json")

    assert response.status_code == status
    assert snapshot(world) == before


def test_api_lists_leak_nothing_of_another_company(api_client, world, outsider):
    api_client.force_authenticate(outsider)

    positions = api_client.get("/api/v1/positions/").json()
    submissions = api_client.get("/api/v1/submissions/").json()
    calls = api_client.get("/api/v1/calls/").json()

    assert positions["results"] == []
    assert [s["title"] for s in submissions["results"]] == ["Projet déposé de l'autre"]
    assert "appel-brouillon" not in [c["slug"] for c in calls["results"]]


# The world's private words: a group's meeting and members-only comment, a draft call, an archived group.
SEARCH_SECRETS = ["Réunion privée", "Commentaire privé du groupe", "Appel brouillon", "Archivé"]


@pytest.mark.parametrize("caller", ["outsider", "lonely_user", "anonymous"])
def test_search_finds_nothing_private_and_changes_nothing(client, api_client, world, request, caller):
    rebuild_search_index()  # the world is not committed, so saving it indexed nothing
    if caller != "anonymous":
        client.force_login(request.getfixturevalue(caller))
        api_client.force_authenticate(request.getfixturevalue(caller))
    before = snapshot(world)

    counts = {words: api_client.get("/api/v1/search/", {"q": words}).json()["count"] for words in SEARCH_SECRETS}
    pages = [client.get("/recherche/", {"q": words}) for words in SEARCH_SECRETS]

    assert counts == dict.fromkeys(SEARCH_SECRETS, 0)
    assert [(page.status_code, "search-results" in page.content.decode()) for page in pages] == [(200, False)] * 4
    assert snapshot(world) == before


def test_search_finds_the_private_words_for_staff(api_client, world, staff):
    rebuild_search_index()
    api_client.force_authenticate(staff)

    counts = {words: api_client.get("/api/v1/search/", {"q": words}).json()["count"] for words in SEARCH_SECRETS}

    assert counts == dict.fromkeys(SEARCH_SECRETS, 1)


# --- Web: wrong role or other company -----------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "method", "url", "status"),
    [
        ("member", "post", lambda w: reverse("projects:submission-extension", args=[w["draft"].pk]), 403),
        ("referent", "post", lambda w: reverse("projects:submission-extension", args=[w["draft"].pk]), 403),
        ("outsider", "post", lambda w: reverse("inbox:read", args=[w["notification"].pk]), 404),
        ("referent", "post", lambda w: reverse("inbox:read", args=[w["notification"].pk]), 404),
        ("staff", "post", lambda w: reverse("inbox:read", args=[w["notification"].pk]), 404),
        ("outsider", "post", lambda w: reverse("projects:attachment-delete", args=[w["attachment"].pk]), 404),
        ("staff", "post", lambda w: reverse("projects:attachment-delete", args=[w["attachment"].pk]), 404),
        ("outsider", "get", lambda w: reverse("groups:meeting-ics", args=["prive", w["meeting"].pk]), 404),
        ("lonely_user", "get", lambda w: reverse("groups:meeting-ics", args=["prive", w["meeting"].pk]), 404),
        ("member", "post", lambda w: reverse("groups:group-join", args=["archive"]), 404),
        ("member", "post", lambda w: reverse("groups:group-leave", args=["archive"]), 404),
        ("member", "get", lambda w: reverse("projects:call-laureates", args=["appel-brouillon"]), 404),
        ("member", "get", lambda w: reverse("projects:call-detail", args=["appel-brouillon"]), 404),
        ("member", "get", lambda w: reverse("projects:submission-create", args=["appel-brouillon"]), 404),
        ("outsider", "get", lambda w: reverse("projects:submission-detail", args=[w["draft"].pk]), 404),
        ("outsider", "post", lambda w: reverse("projects:submission-reopen", args=[w["draft"].pk]), 404),
        ("outsider", "get", lambda w: reverse("projects:submission-review", args=[w["draft"].pk]), 404),
        ("outsider", "post", lambda w: reverse("projects:submission-decide", args=[w["draft"].pk]), 403),
        # A pending company-join request is cancelled by its author only.
        ("referent", "post", lambda w: reverse("groups:affiliation-withdraw", args=[w["asked"].pk]), 404),
        ("staff", "post", lambda w: reverse("groups:affiliation-withdraw", args=[w["asked"].pk]), 404),
        ("lonely_user", "post", lambda w: reverse("groups:affiliation-withdraw", args=[w["asked"].pk]), 404),
        # A consultation's questions: staff and its group's chairs; a company's record: its members and staff.
        ("member", "post", lambda w: reverse("roadmap:consultation-questions", args=[w["consultation"].pk]), 403),
        ("outsider", "get", lambda w: reverse("roadmap:company-positions", args=[w["draft"].company_id]), 404),
        ("lonely_user", "get", lambda w: reverse("roadmap:company-positions", args=[w["draft"].company_id]), 404),
        # Comments: the group's thread is its members'; the chair's comment is theirs to change.
        ("outsider", "get", lambda w: reverse("discussion:thread", args=["group", "prive"]), 404),
        ("outsider", "post", lambda w: reverse("discussion:comment-post", args=["group", "prive"]), 404),
        ("lonely_user", "post", lambda w: reverse("discussion:comment-hide", args=[w["comment"].pk]), 404),
        ("member", "post", lambda w: reverse("discussion:comment-edit", args=[w["comment"].pk]), 403),
        ("member", "post", lambda w: reverse("discussion:comment-delete", args=[w["comment"].pk]), 403),
        ("member", "post", lambda w: reverse("discussion:comment-hide", args=[w["comment"].pk]), 403),
    ],
)
def test_page_wrong_caller_is_refused_and_nothing_changes(client, world, request, caller, method, url, status):
    client.force_login(request.getfixturevalue(caller))
    before = snapshot(world)

    response = getattr(client, method)(url(world), {"until": "2040-01-01T12:00", "reason": "x", "decision": "laureate"})

    assert response.status_code == status
    assert snapshot(world) == before


def test_user_without_company_cannot_join_a_group_through_the_page(client, world, lonely_user):
    client.force_login(lonely_user)
    before = snapshot(world)

    response = client.post(reverse("groups:group-join", args=["prive"]))

    # The page explains the refusal in a message on the group page.
    assert (response.status_code, response.url) == (302, reverse("groups:group-detail", args=["prive"]))
    assert not Membership.objects.filter(user=lonely_user).exists()
    assert snapshot(world) == before


def test_laureates_page_shows_only_published_laureates(client, world, staff):
    call = world["call"]
    SubmissionFactory(call=call, title="Lauréat non publié", status=SubmissionStatus.LAUREATE, decision="laureate")

    html = client.get(reverse("projects:call-laureates", args=[call.slug])).content.decode()

    assert "Lauréat non publié" not in html
    assert "Projet brouillon" not in html


# --- Query counts: list pages not yet measured elsewhere ---------------------------------------


@pytest.mark.parametrize("count", [1, 10])
def test_laureates_page_query_budget(client, count, django_assert_num_queries):
    call = CallFactory(
        slug="passe",
        status=CallStatus.DECIDED,
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
    )
    for i in range(count):
        SubmissionFactory(
            call=call,
            title=f"Lauréat {i}",
            status=SubmissionStatus.LAUREATE,
            decision="laureate",
            submitted_at=timezone.now() - timedelta(days=31),
            decision_published_at=timezone.now(),
        )

    with django_assert_num_queries(5):
        response = client.get(reverse("projects:call-laureates", args=[call.slug]))

    assert response.status_code == 200
    assert response.content.decode().count("Lauréat ") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_calendar_feed_query_budget(client, member, count, django_assert_num_queries):
    group = WorkingGroupFactory()
    active_in(group, member)
    for i in range(count):
        MeetingFactory(group=group, title=f"Réunion {i}")

    # One query per deadline source: meetings, consultations, calls, extensions and action items.
    with django_assert_num_queries(7):
        response = client.get(f"/calendar/{member.calendar_token}.ics")

    assert response.status_code == 200
    assert response.content.decode().count("BEGIN:VEVENT") >= count


@pytest.mark.parametrize("count", [1, 10])
def test_roadmap_by_slug_query_budget(client, count, django_assert_num_queries):
    orientation = OrientationFactory()
    for _ in range(count):
        ActionFactory(orientation=orientation)
    url = reverse("roadmap:roadmap-detail", args=[orientation.roadmap.slug])

    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200


def test_unknown_roadmap_slug_is_404(client, db):
    assert client.get(reverse("roadmap:roadmap-detail", args=["inconnue"])).status_code == 404


def test_chair_of_another_group_cannot_decide_this_group_requests(api_client, world):
    other_chair = member_of(CompanyFactory(), user=UserFactory())
    chair_of(WorkingGroupFactory(), other_chair)
    api_client.force_authenticate(other_chair)
    before = snapshot(world)

    response = api_client.post(f"/api/v1/memberships/{world['request'].pk}/approve/")

    assert response.status_code == 404
    assert Membership.objects.get(pk=world["request"].pk).status == MembershipStatus.PENDING
    assert snapshot(world) == before
