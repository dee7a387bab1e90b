from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.admin import ServiceAdminMixin

from . import services
from .models import Comment
from .registry import Thread, thread_at


class StateFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("shown", _("publié")), ("hidden", _("masqué")), ("deleted", _("supprimé par son auteur"))]

    def queryset(self, request, queryset):
        if self.value() == "shown":
            return queryset.filter(hidden_at__isnull=True, deleted_at__isnull=True)
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


def _thread(request, comment: Comment) -> Thread:
    try:
        return thread_at(request.user, comment.kind, comment.object_id)
    except Http404:
        raise ValidationError(_("L'objet commenté n'existe plus.")) from None


@admin.register(Comment)
class CommentAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Comments of every thread. Hiding (a reason typed in « motif du masquage ») and showing again
    (the reason emptied, or the action) go through the services: the author is told of a hiding."""

    list_display = ("__str__", "author", "excerpt", "created_at", "edited_at", "hidden_at", "deleted_at")
    list_filter = ("kind", StateFilter, "created_at")
    search_fields = ("body", "author__email", "author__full_name", "hidden_reason")
    list_select_related = ("author",)
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "object_id",
        "parent",
        "author",
        "body",
        "mentions",
        "created_at",
        "edited_at",
        "hidden_reason",
        "hidden_at",
        "hidden_by",
        "deleted_at",
    )
    readonly_fields = tuple(name for name in fields if name != "hidden_reason")
    service_fields = ("hidden_reason",)
    actions = ["show_again"]

    @admin.display(description=_("extrait"))
    def excerpt(self, comment: Comment) -> str:
        return comment.body[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def apply_changes(self, request, obj, changes: dict) -> None:
        reason = (changes["hidden_reason"] or "").strip()
        if reason:
            services.hide_comment(thread=_thread(request, obj), comment=obj, by=request.user, reason=reason)
        else:
            services.unhide_comment(comment=obj, by=request.user)

    @admin.action(description=_("Rétablir les commentaires masqués sélectionnés"))
    def show_again(self, request, queryset):
        self.apply_each(
            request,
            queryset.filter(hidden_at__isnull=False),
            lambda comment: services.unhide_comment(comment=comment, by=request.user),
            done=_("%(count)d commentaire(s) rétabli(s)."),
        )
