"""Filters every template has (registered as a template builtin)."""

from django import template

from snitem_portal import timefmt

register = template.Library()
register.filter("paris", timefmt.paris)
register.filter("paris_time", timefmt.paris_time)
