from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from snitem_portal.demo import Demo

from .models import Affiliation

User = get_user_model()


def seed(*, demo: Demo) -> None:
    """Pending affiliation requests: one newcomer for every fifth company."""
    newcomers = User.objects.bulk_create(
        User(
            email=f"newcomer.{i}@demo.example",
            full_name=f"Nouvelle recrue {i}",
            password=demo.password_hash,
        )
        for i in range(1, demo.company_count + 1, 5)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in newcomers
    )
    Affiliation.objects.bulk_create(
        Affiliation(user=user, company=demo.companies[index * 5], requested_at=demo.now)
        for index, user in enumerate(newcomers)
    )
