"""Denials of the joint position's pages and API: the wrong caller gets 404 (may not read it),
403 (may read it, not change it), 401 or the login page (anonymous), and NOTHING changes.

The world (tests/joint/conftest.py): a closed consultation of a group with submitted shared
arguments; its joint position is a draft (read by its chair and staff only) or circulated (read
by the group's member companies too). Callers: an anonymous visitor, a member of another company
outside the group, a member of the group who is not its chair.
"""

import pytest
from django.urls import reverse

from joint import services
from joint.models import JointPosition

pytestmark = pytest.mark.django_db

TRANSITIONS = ("circulate", "validate", "publish")


@pytest.fixture(params=["draft", "circulated"])
def joint(request, world):
    joint = services.save_joint_position(
        consultation=world["consultation"],
        by=world["chair"],
        text="Texte de la présidence.",
        quotes=[world["positions"]["Alpha"].pk],
        public=True,
    )
    if request.param == "circulated":
        joint = services.circulate(joint=joint, by=world["chair"])
    return joint


def snapshot() -> list:
    """Every joint position as stored: its fields, its quotes and the length of its history."""
    return [
        (
            row["id"],
            row,
            sorted(JointPosition.objects.get(pk=row["id"]).quotes.values_list("pk", flat=True)),
            JointPosition.history.filter(id=row["id"]).count(),
        )
        for row in JointPosition.objects.order_by("pk").values()
    ]


def _caller(world, who):
    return {"outsider": world["outsider"], "member": world["people"]["Beta"]}.get(who)


EDIT = {"text": "Texte réécrit par un intrus.", "public": "on", "version": "1"}
API_EDIT = {"text": "Texte réécrit par un intrus.", "quotes": [], "public": False, "version": 1}

# (who, method, url name, data, expected status when the joint position is a draft, when circulated)
PAGES = [
    ("anonymous", "get", "joint:detail", None, 404, 404),
    ("anonymous", "get", "joint:edit", None, 302, 302),
    ("anonymous", "post", "joint:edit", EDIT, 302, 302),
    *[("anonymous", "post", f"joint:transition:{name}", {"version": "1"}, 302, 302) for name in TRANSITIONS],
    ("outsider", "get", "joint:detail", None, 404, 404),
    ("outsider", "get", "joint:edit", None, 404, 404),
    ("outsider", "post", "joint:edit", EDIT, 404, 404),
    *[("outsider", "post", f"joint:transition:{name}", {"version": "1"}, 404, 404) for name in TRANSITIONS],
    ("member", "get", "joint:detail", None, 404, 200),  # reads it once circulated: not a denial, nothing changes
    ("member", "get", "joint:edit", None, 403, 403),
    ("member", "post", "joint:edit", EDIT, 403, 403),
    *[("member", "post", f"joint:transition:{name}", {"version": "1"}, 404, 403) for name in TRANSITIONS],
]
API = [
    ("anonymous", "get", "", None, 404, 404),
    ("anonymous", "put", "", API_EDIT, 401, 401),
    *[("anonymous", "post", f"{name}/", {"version": 1}, 401, 401) for name in TRANSITIONS],
    ("outsider", "get", "", None, 404, 404),
    ("outsider", "put", "", API_EDIT, 404, 404),
    *[("outsider", "post", f"{name}/", {"version": 1}, 404, 404) for name in TRANSITIONS],
    ("member", "get", "", None, 404, 200),
    ("member", "put", "", API_EDIT, 403, 403),
    *[("member", "post", f"{name}/", {"version": 1}, 404, 403) for name in TRANSITIONS],
]


def _page_url(name: str, pk: int) -> str:
    if name.startswith("joint:transition:"):
        return reverse("joint:transition", args=[pk, name.rsplit(":", 1)[1]])
    return reverse(name, args=[pk])


@pytest.mark.parametrize(("who", "method", "name", "data", "if_draft", "if_circulated"), PAGES)
def test_pages_refuse_the_wrong_caller_and_change_nothing(
    client, world, joint, who, method, name, data, if_draft, if_circulated
):
    if _caller(world, who):
        client.force_login(_caller(world, who))
    before = snapshot()

    response = getattr(client, method)(_page_url(name, world["consultation"].pk), data or {})

    assert response.status_code == (if_draft if joint.status == "draft" else if_circulated)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if response.status_code == 200:
        assert "Texte de la présidence." in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(("who", "method", "path", "data", "if_draft", "if_circulated"), API)
def test_api_refuses_the_wrong_caller_and_changes_nothing(
    api_client, world, joint, who, method, path, data, if_draft, if_circulated
):
    if _caller(world, who):
        api_client.force_authenticate(_caller(world, who))
    before = snapshot()
    url = f"/api/v1/consultations/{world['consultation'].pk}/joint-position/{path}"

    response = getattr(api_client, method)(url, data, format="json")

    assert response.status_code == (if_draft if joint.status == "draft" else if_circulated)
    if response.status_code != 200:
        assert "Texte de la présidence." not in response.content.decode()
    assert snapshot() == before


def test_the_consultation_page_leads_to_the_joint_position_only_those_who_may_write_or_read_it(client, world):
    consultation, chair, member = world["consultation"], world["chair"], world["people"]["Beta"]
    edit, detail = reverse("joint:edit", args=[consultation.pk]), reverse("joint:detail", args=[consultation.pk])

    def links(user) -> tuple[bool, bool]:
        client.force_login(user)
        html = client.get(consultation.get_absolute_url()).content.decode()
        return f'href="{edit}"' in html, f'href="{detail}"' in html

    assert links(chair) == (True, False)  # nothing written yet: the chair is led to write it
    assert links(member) == (False, False)
    joint = services.save_joint_position(consultation=consultation, by=chair, text="Texte.", quotes=[], public=False)
    assert links(chair) == (False, True)
    assert links(member) == (False, False)  # a draft stays with its drafters
    services.circulate(joint=joint, by=chair)
    assert links(member) == (False, True)
    assert links(world["staff"]) == (False, True)


def test_an_open_consultation_offers_no_joint_position_yet(client, world):
    consultation = world["consultation"]
    consultation.closes_at = consultation.opens_at + (consultation.closes_at - consultation.opens_at) * 100
    consultation.save()
    client.force_login(world["chair"])

    html = client.get(consultation.get_absolute_url()).content.decode()

    assert reverse("joint:edit", args=[consultation.pk]) not in html
