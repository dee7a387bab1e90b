import factory
from django.utils import timezone

from inbox.models import Notification
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "membership_decided"
    title = factory.Sequence(lambda n: f"Notification {n}")
    url = "/tableau-de-bord/"
    created_at = factory.LazyFunction(timezone.now)
