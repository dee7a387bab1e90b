"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from groups.enums import AffiliationStatus, CompanyRole
from groups.models import Affiliation, Company
from snitem_portal.management.commands.seed_demo import demo_siren

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(lambda n: demo_siren(5000 + n))


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = CompanyRole.MEMBER
    status = AffiliationStatus.APPROVED


def member_of(company, **kwargs):
    """A user with an approved member affiliation to ``company``."""
    return AffiliationFactory(company=company, role=CompanyRole.MEMBER, **kwargs).user


def referent_of(company, **kwargs):
    """A user with an approved referent affiliation to ``company``."""
    return AffiliationFactory(company=company, role=CompanyRole.REFERENT, **kwargs).user
