"""Admin pieces every app shares.

``ServiceAdminMixin``: admin changes that go through the services, so the admin keeps the rules of
the pages and the API; a refusal shows on the form (nothing saved) or, for an action, as a message.
``HiddenDraftsAdminMixin``: companies' drafts stay theirs; staff never see them in the admin, its
history or its exports.
``ReadOnlyHistoryMixin`` (in both): the history is read, an old version is never saved back.
``SiteTextAdmin``: the texts staff edit (``snitem_portal.sitetext``).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .exceptions import Conflict
from .models import SiteText
from .web import add_form_errors, error_messages

SERVICE_ERRORS = (ValidationError, PermissionDenied, Conflict)


class Refused(Exception):
    """A service refused an admin change; carries the service's error."""

    def __init__(self, error: ValidationError | PermissionDenied | Conflict):
        super().__init__(str(error))
        self.error = error


def describe(error: ValidationError | PermissionDenied | Conflict) -> str:
    """The service's message as one line, as the user reads it."""
    return " ".join(error_messages(error))


class ReadOnlyHistoryMixin:
    """The history of a SimpleHistoryAdmin is read, never reverted.

    A revert saves an old version straight to the row, past the services: state machines, version
    numbers, notifications, webhooks and the search index would not follow. The setting
    ``SIMPLE_HISTORY_REVERT_DISABLED`` hides the button; a POST to a past version is refused here
    (nothing saved) and answered with the read-only page and a message.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            self.message_user(
                request,
                _(
                    "L'historique se consulte seulement : rétablir une ancienne version passerait outre les "
                    "règles du portail. Faites la modification depuis la fiche."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


class ServiceAdminMixin(ReadOnlyHistoryMixin):
    """For a ModelAdmin whose changes go through services.

    A new object comes from ``create_object``; a change of ``service_fields`` goes to
    ``apply_changes`` (the other fields are saved as usual). Services run inside
    ``with self.refusals():``: the admin's change view is one transaction, so a refusal rolls the
    whole change back (emails planned on commit included), then the form is shown again as
    submitted with the service's message as its error. Actions call ``apply_each``: one service
    call per object, refusals listed as warnings.
    """

    #: Fields only services set: a change of one goes to ``apply_changes``, never saved directly.
    service_fields: tuple[str, ...] = ()

    def create_object(self, request, obj):
        """Make the new object through a service and return it (None: the admin saves it as usual)."""

    def apply_changes(self, request, obj, changes: dict) -> None:
        """Apply ``changes`` (of ``service_fields``, new values) to ``obj`` through the services."""
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if not change:
            with self.refusals():
                created = self.create_object(request, obj)
            if created is None:
                super().save_model(request, obj, form, change)
            else:
                obj.pk = created.pk
                obj.refresh_from_db()
            return
        changes = {name: getattr(obj, name) for name in self.service_fields if name in form.changed_data}
        for name in changes:  # back to the stored value (a foreign key's initial value is its id)
            setattr(obj, obj._meta.get_field(name).attname, form.initial[name])
        if not changes or set(form.changed_data) - set(changes):
            super().save_model(request, obj, form, change)
        if changes:
            with self.refusals():
                self.apply_changes(request, obj, changes)
            obj.refresh_from_db()

    @contextmanager
    def refusals(self) -> Iterator[None]:
        try:
            yield
        except SERVICE_ERRORS as error:
            raise Refused(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refusal:
            request.admin_refusal = refusal.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "admin_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                if isinstance(refusal, ValidationError):
                    add_form_errors(self, refusal)
                else:
                    self.add_error(None, describe(refusal))
                return cleaned

        return RefusedForm

    def apply_each(self, request, objects: Iterable, operation: Callable, *, done: str) -> int:
        """Run ``operation(obj)`` (one service call) for each object; report refusals, then the count."""
        count = 0
        for obj in objects:
            try:
                operation(obj)
            except SERVICE_ERRORS as error:
                self.message_user(
                    request, _("%(label)s : %(value)s") % {"label": obj, "value": describe(error)}, messages.WARNING
                )
            else:
                count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return count


class HiddenDraftsAdminMixin(ReadOnlyHistoryMixin):
    """Staff never see a company's drafts: the list, change pages, history and exports show only
    rows whose ``status`` is one of ``visible_statuses``."""

    visible_statuses: tuple[str, ...] = ()

    def _visible(self, queryset):
        return queryset.filter(status__in=self.visible_statuses)

    def get_queryset(self, request):
        return self._visible(super().get_queryset(request))

    def get_export_queryset(self, request):
        return self._visible(super().get_export_queryset(request))

    def get_valid_export_item_pks(self, request):
        # The items an export action may name: the visible ones only.
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return self._visible(super().get_history_queryset(request, history_manager, pk_name, object_id))

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if (
            self.get_object(request, unquote(object_id)) is None
            or not str(version_id).isdecimal()
            or not self._visible(self.model.history.filter(id=unquote(object_id), history_id=int(version_id))).exists()
        ):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


@admin.register(SiteText)
class SiteTextAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Texts of the portal staff edit (competition-law notice, privacy page…); empty: the shipped default."""

    list_display = ("key", "updated_at", "updated_by")
    search_fields = ("key", "text_fr", "text_en")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
