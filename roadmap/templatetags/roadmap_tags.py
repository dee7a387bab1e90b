from django import template

register = template.Library()


@register.filter
def pct_class(value) -> str:
    """CSS class for a width in percent (0-100), since the CSP forbids inline styles."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"
