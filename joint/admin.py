from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.admin import ReadOnlyHistoryMixin
from snitem_portal.exceptions import Conflict
from snitem_portal.web import error_messages

from . import services
from .models import JointPosition


@admin.register(JointPosition)
class JointPositionAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    """Read in admin (its history too); written on its pages, moved on through the services (validate, publish)."""

    list_display = ["consultation", "status", "public", "version", "published_at"]
    list_filter = ["status", "public"]
    search_fields = ["text", "consultation__question"]
    list_select_related = ["consultation", "consultation__action"]
    readonly_fields = [
        "consultation",
        "text",
        "quotes",
        "public",
        "status",
        "version",
        "created_by",
        "created_at",
        "circulated_at",
        "validated_at",
        "validated_by",
        "published_at",
    ]
    actions = ["validate", "publish"]

    def has_add_permission(self, request):
        return False

    def _move(self, request, queryset, service):
        for joint in queryset:
            try:
                service(joint=joint, by=request.user)
            except (ValidationError, Conflict, PermissionDenied) as error:  # shown; the others go on
                texts = [str(error)] if isinstance(error, PermissionDenied) else error_messages(error)
                for text in texts:
                    self.message_user(request, f"{joint} : {text}", messages.ERROR)

    @admin.action(description=_("Valider les positions communes choisies"))
    def validate(self, request, queryset):
        self._move(request, queryset, services.validate)

    @admin.action(description=_("Publier les positions communes choisies"))
    def publish(self, request, queryset):
        self._move(request, queryset, services.publish)
