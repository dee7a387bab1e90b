from datetime import timedelta

import factory
from django.utils import timezone

from roadmap.enums import PositionStatus, Stance
from roadmap.models import Action, Consultation, Orientation, Position, Roadmap
from tests.groups.factories import MembershipFactory as MembershipFactory
from tests.groups.factories import WorkingGroupFactory as WorkingGroupFactory


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap
        django_get_or_create = ["slug"]

    slug = "2019"
    title = "Feuille de route « Accélérer le virage numérique »"
    short_title = "Feuille de route 2019"


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    roadmap = factory.SubFactory(RoadmapFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Orientation {n + 1}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    orientation = factory.SubFactory(OrientationFactory)
    roadmap = factory.LazyAttribute(lambda action: action.orientation.roadmap)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action numéro {n + 1}")
    owner = "DNS"


class ConsultationFactory(factory.django.DjangoModelFactory):
    """Open now, for all member companies."""

    class Meta:
        model = Consultation

    action = factory.SubFactory(ActionFactory)
    group = None
    question = "Soutenez-vous cette action ?"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    consultation = factory.SubFactory(ConsultationFactory)
    stance = Stance.SUPPORT
    argument = "texte initial"
    shared = True
    status = PositionStatus.DRAFT
