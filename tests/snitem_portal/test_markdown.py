import pytest

from snitem_portal.markdown import render_markdown


def test_render_markdown_keeps_emphasis_lists_and_links():
    html = render_markdown("- **un**\n- *deux*\n\n[lien](https://snitem.fr)")

    assert html == (
        "<ul>\n<li><strong>un</strong></li>\n<li><em>deux</em></li>\n</ul>\n"
        '<p><a href="https://snitem.fr" rel="nofollow noopener">lien</a></p>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
        ("", ""),
    ],
)
def test_render_markdown_lets_no_raw_html_through(text, expected):
    assert render_markdown(text) == expected
