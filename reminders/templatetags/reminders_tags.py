from django import template

from reminders.formatting import paris_datetime

register = template.Library()


@register.filter(name="paris")
def paris(value) -> str:
    """A datetime in Paris time with its zone, in the active language."""
    return paris_datetime(value) if value else ""
