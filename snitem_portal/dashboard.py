"""The dashboard gathers panels from each app: what needs the user's action.

Other pages take contributed panels the same way (``collect_panels``), e.g. the roadmap's action page.

A user's panels, their HTML, are cached per user, language and *stamp* (``caching.stamp``), for at
most ``PANELS_TTL`` seconds. The HTML holds a random placeholder where a form's CSRF token goes,
replaced with the request's own token when served: no token is ever cached. Any save or delete
of a row of an app that contributes panels or deadlines, or of a user, renews the stamp when its
transaction commits (``invalidate_dashboards_on_change``; the transaction itself builds its panels
fresh), so a change shows on the next page; what follows the clock
alone (a meeting that has started, a consultation that has closed) shows within ``PANELS_TTL``.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet, Window
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import caching

# Rows a panel lists before "and N more" with a link to the full, paginated list.
SUMMARY_ROWS = 5

# The longest a user's cached panels are served: how late content that follows the clock may show.
PANELS_TTL = 60
_STAMP = "dashboard"


@dataclass
class Panel:
    """One block of the dashboard, rendered with ``template`` and ``context``.

    ``order`` sorts panels (lower first); ``action_count`` > 0 marks it as needing action.
    """

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    action_count: int = 0
    # The rendered ``template`` (``dashboard_panels``); pages that include the template leave it empty.
    html: str = ""


def collect_panels(paths: list[str], *args) -> list[Panel]:
    """The panels the functions at ``paths`` return for ``args``, sorted by ``order``.

    How one app contributes a block to a page of another without the page importing it.
    """
    panels: list[Panel] = []
    for path in paths:
        panels.extend(import_string(path)(*args))
    return sorted(panels, key=lambda panel: panel.order)


def dashboard_panels(request) -> list[Panel]:
    """The user's panels, rendered, from the cache when this generation, language and minute built them already.

    The cache keeps each panel's HTML, not its data (``context``): a panel served from it has an empty
    ``context``, and reading it back builds no model instance.
    """
    key = panels_key(request.user.pk)
    cached = None if _building_fresh() else cache.get(key)
    if cached is None:
        panels = collect_panels(settings.DASHBOARD_PANELS, request)
        placeholder = _render(request, panels)
        if not _building_fresh():
            cache.set(key, (placeholder, [replace(panel, context={}) for panel in panels]), PANELS_TTL)
    else:
        placeholder, panels = cached
    token = get_token(request)
    for panel in panels:
        panel.html = mark_safe(panel.html.replace(placeholder, token))  # noqa: S308 (rendered with autoescape)
    return panels


def _render(request, panels: list[Panel]) -> str:
    """Render each panel's HTML with a placeholder standing for the CSRF token; return the placeholder.

    Rendered without the request's context processors: a panel's template sees its panel, the user and
    the placeholder as ``csrf_token``, nothing else of the request (nothing that the cache would keep).
    """
    placeholder = secrets.token_hex(16)
    for panel in panels:
        context = {"panel": panel, "user": request.user, "csrf_token": placeholder}
        panel.html = render_to_string(panel.template, context)
    return placeholder


def panels_key(user_id: int, *, at: float | None = None) -> str:
    """The cache key of one user's panels (``user_key``)."""
    return user_key("panels", user_id, at=at)


def user_key(name: str, user_id: int, *, at: float | None = None) -> str:
    """The cache key of one user's ``name``: the user, the active language, the generation and the minute.

    The minute (``PANELS_TTL``) in the key bounds the age of what is served even with a cache that
    keeps entries longer than asked.
    """
    language = get_language() or settings.LANGUAGE_CODE
    window = int((time.time() if at is None else at) // PANELS_TTL)
    return f"dashboard:{_generation()}:{name}:{user_id}:{language}:{window}"


def cached_for_user(name: str, user, build: Callable[[], Any]) -> Any:
    """``build()``'s value for ``user``, from the cache while the dashboard's generation, the language
    and the minute are those it was built in (for reads of the rows the dashboard shows)."""
    if _building_fresh():
        return build()
    key = user_key(name, user.pk)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PANELS_TTL)
    return value


def _generation() -> str:
    """The dashboards' stamp (``caching.stamp``): renewed by every change they show."""
    return caching.stamp(_STAMP)


def forget_dashboards() -> None:
    """Make every cached dashboard stale at the commit of the open transaction (at once outside one);
    until then, that transaction builds its panels fresh (``caching.renew``)."""
    caching.renew([_STAMP])


def _building_fresh() -> bool:
    """Whether the open transaction changed what dashboards show (its own reads are not cached)."""
    return _STAMP in caching.pending()


# The reminder engine's own rows (preferences, the ledger a fan-out writes row by row) show on no
# panel: its panel lists the deadline sources' rows, which belong to the apps declaring them.
_NOT_SHOWN = {"reminders"}


# A sign-in saves the user's last login alone, which no panel shows: every dashboard stays cached.
_USER_FIELDS_NOT_SHOWN = {"last_login"}


def dashboard_apps() -> set[str]:
    """Labels of the apps whose rows the dashboard shows: those contributing panels or deadline sources."""
    paths = [*settings.DASHBOARD_PANELS, *settings.DEADLINE_SOURCES]
    return {apps.get_containing_app_config(path).label for path in paths} - _NOT_SHOWN


def invalidate_dashboards_on_change() -> None:
    """Bump the generation at every save, delete or many-to-many change of those apps' rows and of users.

    Connected at start-up (``PortalConfig.ready``) in every process that writes: web and workers.
    Bulk writes send no signal; they are bounded by ``PANELS_TTL``.
    """

    user_model = apps.get_model(settings.AUTH_USER_MODEL)

    def receiver(sender, update_fields=None, **kwargs):
        if sender is user_model and update_fields and set(update_fields) <= _USER_FIELDS_NOT_SHOWN:
            return
        forget_dashboards()

    models = [user_model]
    # Change-history rows (django-simple-history) come with a save of their object: not counted twice.
    models += [
        model
        for label in sorted(dashboard_apps())
        for model in apps.get_app_config(label).get_models()
        if not hasattr(model, "instance_type")
    ]
    for model in models:
        uid = f"dashboard-cache:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=f"{uid}:{m2m.name}")


def first_rows(queryset: QuerySet, limit: int = SUMMARY_ROWS) -> tuple[list, int]:
    """The first ``limit`` rows of ``queryset`` and how many rows it holds in all, in one query.

    The total is a window count over the whole result, read before the limit applies, so a panel
    can say "and 214 more" without a second query.
    """
    rows = list(queryset.annotate(summary_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].summary_total if rows else 0)
