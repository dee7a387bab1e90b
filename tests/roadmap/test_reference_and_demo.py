import io
import json
import random

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from groups.enums import MembershipStatus
from roadmap import demo as roadmap_demo
from roadmap import reference
from roadmap.enums import ActionStatus, PositionStatus
from roadmap.models import Action, Answer, Consultation, Orientation, Position, Roadmap
from snitem_portal.demo import Demo
from tests.factories import CompanyFactory, member_of, referent_of

from .factories import MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts():
    with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def test_loads_only_sourced_actions_with_their_source(facts):
    reference.load(facts=facts, stdout=io.StringIO())

    roadmap = Roadmap.objects.get(slug="2019")
    sourced = sorted(
        action["number"]
        for orientation in facts["roadmap"]["orientations"]
        for action in orientation["actions"]
        if action["title"] and action["source"]
    )
    assert list(roadmap.actions.values_list("number", flat=True)) == sourced
    assert roadmap.orientations.count() == 5
    assert all(a.source_url.startswith("https://") for a in roadmap.actions.all())
    hopen = roadmap.actions.get(number=19)
    assert (hopen.owner, hopen.orientation.number) == ("DGOS", 5)
    assert list(Orientation.objects.filter(roadmap__slug="2023-2027").values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_loading_twice_keeps_staff_edits(facts):
    reference.load(facts=facts, stdout=io.StringIO())
    Action.objects.filter(number=14).update(status=ActionStatus.DONE, progress=100, owner="ANS")

    reference.load(facts=facts, stdout=io.StringIO())

    assert Action.objects.count() == 13
    assert Action.objects.values_list("status", "progress", "owner").get(number=14) == ("done", 100, "ANS")


def test_seed_demo_makes_positions_in_every_state(settings):
    settings.DEBUG = True

    call_command("seed_demo", "--scale", "1", stdout=io.StringIO())

    # Two open, two closed, one questionnaire; the joint positions' demo closes three more.
    assert Consultation.objects.count() == 8
    states = set(Position.objects.values_list("status", "shared"))
    assert {
        (PositionStatus.DRAFT, False),
        (PositionStatus.SUBMITTED, True),
        (PositionStatus.SUBMITTED, False),
    } <= states
    open_all = Consultation.objects.filter(group__isnull=True).order_by("-closes_at").first()
    assert open_all.positions.count() == 35  # 70 % of the 50 companies have a record
    assert Position.history.count() == Position.objects.count()


def test_demo_consults_a_group_with_active_members_when_there_is_one(staff):
    companies = [CompanyFactory() for _ in range(3)]
    members = [member_of(company) for company in companies]
    referents = [referent_of(company) for company in companies]
    group = WorkingGroupFactory()
    MembershipFactory(group=group, user=members[1], status=MembershipStatus.ACTIVE)
    demo = Demo(
        scale=1,
        now=timezone.now(),
        password_hash="!",
        rng=random.Random(1),
        staff=staff,
        companies=companies,
        referents=referents,
        members=members,
    )

    roadmap_demo.seed(demo=demo)

    in_group = Position.objects.filter(consultation__group=group)
    assert Consultation.objects.filter(group=group).count() == 2
    assert set(in_group.values_list("company", flat=True)) == {companies[1].pk}
    assert Position.objects.filter(consultation__group__isnull=True).count() == 3 * 3


def test_demo_questionnaires_have_answers_in_every_state_at_every_scale(staff):
    companies = [CompanyFactory() for _ in range(10)]
    demo = Demo(
        scale=2,
        now=timezone.now(),
        password_hash="!",
        rng=random.Random(3),
        staff=staff,
        companies=companies,
        referents=[referent_of(company) for company in companies],
        members=[member_of(company) for company in companies],
    )

    roadmap_demo.seed(demo=demo)

    surveys = Consultation.objects.filter(questions__isnull=False).distinct()
    assert surveys.count() == 2  # one per unit of scale
    assert {tuple(s.questions.values_list("kind", flat=True)) for s in surveys} == {
        ("single", "multiple", "scale", "text")
    }
    answered = Answer.objects.filter(question__consultation__in=surveys)
    states = {
        (answer.position.status, answer.position.has_pending_revision) for answer in answered.select_related("position")
    }
    assert states == {
        (PositionStatus.DRAFT, False),
        (PositionStatus.SUBMITTED, False),
        (PositionStatus.SUBMITTED, True),
    }
    assert answered.filter(revision_value__isnull=False).exists()
    assert Answer.history.count() == answered.count()
