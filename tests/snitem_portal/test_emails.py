import pytest

from snitem_portal.emails import build_templated_email
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_text_parts_are_not_html_escaped_but_the_html_part_is():
    company = CompanyFactory(name="R&D <Médical> d'Oc")
    requester = UserFactory(full_name="Zoé O'Neil")

    message = build_templated_email(
        template="groups/email/affiliation_requested",
        to=UserFactory(language="fr"),
        context={"affiliation": None, "company": company, "requester": requester},
    )

    assert message.subject == "[Action requise] Zoé O'Neil demande à rejoindre R&D <Médical> d'Oc"
    assert "Zoé O'Neil" in message.body
    assert "R&D <Médical> d'Oc" in message.body
    html = message.alternatives[0][0]
    assert "R&amp;D &lt;Médical&gt;" in html


def test_email_is_written_in_the_recipient_language():
    company = CompanyFactory(name="Acme")

    message = build_templated_email(
        template="groups/email/affiliation_decided",
        to=UserFactory(language="en"),
        context={"affiliation": type("A", (), {"company": company})(), "approved": True},
    )

    assert message.subject == "Your affiliation to Acme is approved"
