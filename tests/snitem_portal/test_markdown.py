import pytest

from snitem_portal.markdown import render_markdown


def test_render_markdown_keeps_formatting_and_lists():
    html = render_markdown("# Titre\n\n- **un**\n- *deux*\n\n[lien](https://snitem.fr)")

    assert html == (
        "<h1>Titre</h1>\n<ul>\n<li><strong>un</strong></li>\n<li><em>deux</em></li>\n</ul>\n"
        '<p><a href="https://snitem.fr" rel="noopener noreferrer nofollow">lien</a></p>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", ""),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">x</a></p>'),
        ('<p style="color:red" onclick="x()">texte</p>', "<p>texte</p>"),
        (
            '<a href="https://a.fr" onmouseover="x()">a</a>',
            '<p><a href="https://a.fr" rel="noopener noreferrer nofollow">a</a></p>',
        ),
    ],
)
def test_render_markdown_lets_no_raw_html_through(text, expected):
    assert render_markdown(text) == expected
