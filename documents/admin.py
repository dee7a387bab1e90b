"""Documents in admin: every change goes through the services (a new document needs its file; a new
version is uploaded through the same checks); versions are shown, never edited."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.admin import ServiceAdminMixin

from . import services
from .models import Document, DocumentVersion

VERSION_FIELDS = ["number", "filename", "size", "content_type", "uploaded_by", "uploaded_at", "note"]


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = VERSION_FIELDS
    readonly_fields = VERSION_FIELDS
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentAdminForm(forms.ModelForm):
    new_file = forms.FileField(
        label=_("Nouveau fichier"),
        required=False,
        allow_empty_file=True,
        help_text=_("À l'ajout : le fichier du document. Ensuite : dépose une nouvelle version."),
    )
    note = forms.CharField(label=_("Note de version"), required=False, max_length=2000)

    class Meta:
        model = Document
        fields = ["group", "title", "description", "visibility", "meeting"]


@admin.register(Document)
class DocumentAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    form = DocumentAdminForm
    list_display = ["title", "group", "visibility", "created_at", "updated_at"]
    list_filter = ["visibility", "group"]
    search_fields = ["title", "description"]
    list_select_related = ["group"]
    raw_id_fields = ["meeting"]
    inlines = [VersionInline]
    service_fields = ("title", "description", "visibility", "meeting")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["group", "source_url", "created_by", "created_at", "updated_at"]

    def get_fields(self, request, obj=None):
        fields = ["group", "title", "description", "visibility", "meeting", "new_file", "note"]
        if obj is not None:
            fields += ["source_url", "created_by", "created_at", "updated_at"]
        return fields

    def save_model(self, request, obj, form, change):
        request.document_form = form
        super().save_model(request, obj, form, change)
        uploaded = form.cleaned_data.get("new_file")
        if change and uploaded is not None:
            with self.refusals():
                services.add_version(document=obj, by=request.user, uploaded=uploaded, note=form.cleaned_data["note"])

    def create_object(self, request, obj):
        form = request.document_form
        uploaded = form.cleaned_data.get("new_file")
        if uploaded is None:
            raise ValidationError({"new_file": [_("Joignez le fichier du document.")]})
        return services.add_document(
            group=obj.group,
            by=request.user,
            title=obj.title,
            description=obj.description,
            visibility=obj.visibility,
            meeting=obj.meeting,
            uploaded=uploaded,
            note=form.cleaned_data["note"],
        )

    def apply_changes(self, request, obj, changes: dict) -> None:
        services.update_document(document=obj, by=request.user, **changes)

    def delete_model(self, request, obj):
        services.delete_document(document=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            services.delete_document(document=document, by=request.user)
