from django import template

from ..synthesis import is_masked, shown

register = template.Library()


@register.filter
def pct_class(value) -> str:
    """CSS class for a width in percent (0-100), since the CSP forbids inline styles."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"


@register.filter
def shown_count(value, masking) -> str:
    """A synthesis count as the viewer reads it: the number, « moins de N » when masked, « masqué » when hidden."""
    return str(shown(value, masking))


register.filter("is_masked", is_masked)


@register.filter
def answer_text(value) -> str:
    """An answer as a reader reads it: the choices joined, a scale as « n / 5 », a text as typed."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value} / 5"
    return str(value)
