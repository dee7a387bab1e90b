"""``{% per_language %}…{% endper_language %}``: a piece of the page frame rendered once per language.

Every page repeats the same links and labels (the footer, the search form, the static files): about
twenty ``{% url %}``, ``{% static %}`` and ``{% translate %}`` tags that give the same HTML for every
request in a language. Inside this tag they are rendered once per language (and script prefix) by
each process and the HTML is reused; the templates are compiled once per process, so a deployment
renders them afresh.

Only for content that depends on nothing but the language: no user, request, form, CSRF token,
message, block or date may be inside (the first request's would be served to everyone).
"""

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


class PerLanguageNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str], str] = {}

    def render(self, context):
        key = (get_language(), get_script_prefix())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.nodelist.render(context)
        return mark_safe(html)  # noqa: S308 (the nodelist's own output, escaped as it rendered)


@register.tag("per_language")
def per_language(parser, token):
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)
