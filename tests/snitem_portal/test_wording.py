"""Wording that read badly: repeated words, dates nested in parentheses, French spacing in English,
rows that all start alike, stray separators."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.enums import AffiliationStatus
from roadmap.enums import PositionStatus
from tests.factories import AffiliationFactory, UserFactory
from tests.projects.factories import CallFactory, SubmissionFactory
from tests.roadmap.factories import ActionFactory, ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The visible text of a page: no tags, no scripts, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def _submitted_position(company, referent):
    consultation = ConsultationFactory(action=ActionFactory(number=3, title="Identité numérique"))
    return PositionFactory(
        consultation=consultation,
        company=company,
        status=PositionStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=referent,
        updated_by=referent,
    )


@pytest.mark.parametrize(("language", "repeated"), [("fr", "Soumise soumise"), ("en", "Submitted submitted")])
def test_submitted_position_says_submitted_once(client, company, referent, language, repeated):
    referent.language = language
    referent.save()
    position = _submitted_position(company, referent)
    client.force_login(referent)

    text = _text(client.get(reverse("roadmap:consultation-detail", args=[position.consultation_id])))

    assert repeated.lower() not in text.lower()
    assert referent.get_full_name() in text


def test_english_pages_have_no_french_space_before_colons(client, company, referent):
    referent.language = "en"
    referent.save()
    position = _submitted_position(company, referent)
    client.force_login(referent)

    pages = [
        reverse("roadmap:consultation-detail", args=[position.consultation_id]),
        reverse("roadmap:action-detail", args=[position.consultation.action_id]),
        reverse("dashboard"),
    ]
    texts = {url: _text(client.get(url)) for url in pages}

    assert {url: re.findall(r"\w+ :", text) for url, text in texts.items()} == {url: [] for url in pages}


def test_dates_are_never_nested_in_parentheses(client, company, member):
    call = CallFactory(title="Appel ouvert", closes_at=timezone.now() + timedelta(days=3))
    SubmissionFactory(call=call, company=company, created_by=member)
    client.force_login(member)

    html = client.get(reverse("dashboard")).content.decode()

    assert re.search(r"Clôture dans [^<]*, le \d+(er)? \w+ \d{4}, \d\d:\d\d \(heure de Paris\)", html)
    assert "(heure de Paris))" not in html


def test_company_join_requests_show_the_time_zone(client, company, referent):
    AffiliationFactory(company=company, user=UserFactory(full_name="Nouvelle Recrue"), status=AffiliationStatus.PENDING)
    client.force_login(referent)

    text = _text(client.get(reverse("dashboard")))

    assert re.search(r"Demandé le \d+(er)? \w+ \d{4}, \d\d:\d\d \(heure de Paris\)", text)


def test_consultation_rows_start_with_their_action(client, member):
    for number, title in [(1, "Identité numérique"), (2, "Messagerie sécurisée")]:
        ConsultationFactory(action=ActionFactory(number=number, title=title), question="Quelle est votre position ?")
    client.force_login(member)

    html = client.get(reverse("roadmap:consultation-list")).content.decode()

    firsts = [
        re.sub(r"\s+", " ", cell).strip()
        for cell in re.findall(r'<td class="consultation-cell">\s*<a[^>]*>(.*?)</a>', html, re.S)
    ]
    assert sorted(firsts) == ["Action 1 — Identité numérique", "Action 2 — Messagerie sécurisée"]


def test_roadmap_action_without_lead_has_no_stray_separator(client):
    ActionFactory(number=9, title="Sans pilote", owner="", pilot_group=None, target_date=None, progress=30)

    html = client.get(reverse("roadmap:roadmap")).content.decode()

    facts = re.search(r'Sans pilote.*?<div class="small text-body-secondary meta-list">(.*?)</div>', html, re.S).group(
        1
    )
    assert re.findall(r"<span>(.*?)</span>", facts) == ["avancement 30 %"]
    assert "·" not in facts
