"""The page frame's fixed parts ({% per_language %}) are rendered once per language and reused."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_content_is_rendered_once_per_language():
    template = engines["django"].from_string("{% load fragments %}{% per_language %}{{ n }}{% endper_language %}")

    with translation.override("fr"):
        french = [template.render({"n": 1}), template.render({"n": 2})]
    with translation.override("en"):
        english = [template.render({"n": 3}), template.render({"n": 4})]

    assert (french, english) == (["1", "1"], ["3", "3"])


def test_each_language_gets_its_own_frame(client):
    french, english = UserFactory(language="fr"), UserFactory(language="en")

    pages = []
    for person in (french, english, french, english):
        client.force_login(person)
        pages.append(client.get(reverse("dashboard")).content.decode())

    footers = [
        ("Accessibilité : partiellement conforme" in page, "Accessibility: partially compliant" in page)
        for page in pages
    ]
    assert footers == [(True, False), (False, True)] * 2


def test_frame_of_a_visitor_and_a_member_differ_only_where_they_should(client, member):
    visitor = client.get(reverse("roadmap:roadmap")).content.decode()
    client.force_login(member)
    signed_in = client.get(reverse("roadmap:roadmap")).content.decode()

    assert ("Se connecter" in visitor, "Se connecter" in signed_in) == (True, False)
    assert ("Adresses e-mail" in visitor, "Adresses e-mail" in signed_in) == (False, True)
    assert 'id="site-search-q"' in visitor
    assert 'id="site-search-q"' in signed_in
