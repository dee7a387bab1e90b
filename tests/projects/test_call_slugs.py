from datetime import timedelta

from django.utils import timezone

from projects import services


def test_call_slug_transliterates_letters_instead_of_dropping_them(staff):
    now = timezone.now()

    call = services.create_call(
        by=staff,
        title="Le patient au cœur de l'Espace numérique — Straße & Ærø",
        funder="Health Data Hub",
        opens_at=now,
        closes_at=now + timedelta(days=30),
    )

    assert call.slug == "le-patient-au-coeur-de-l-espace-numerique-strasse-aero"
