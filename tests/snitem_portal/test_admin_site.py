import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sections(html: str) -> list[str]:
    return re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("language", "header", "title", "untranslated"),
    [
        ("fr", "Administration du portail Snitem", "Données du portail | Portail Snitem", ["MFA", "Authenticators"]),
        ("en", "Snitem portal administration", "Portal data | Snitem portal", ["MFA"]),
    ],
)
def test_admin_index_names_the_portal_and_each_section_once(client, language, header, title, untranslated):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, language=language))

    response = client.get("/admin/")

    html = response.content.decode()
    sections = _sections(html)
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip() == title
    assert header in html
    assert "Django" not in html.split("<body", 1)[1].split('id="content"', 1)[0]
    assert sorted(set(sections)) == sorted(sections)
    assert [word for word in untranslated if f">{word}<" in html] == []
