from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import conf, services
from .models import Delivery, Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("adresse"),
        max_length=500,
        assume_scheme="https",
        help_text=Endpoint._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=_("événements"), widget=forms.CheckboxSelectMultiple, required=True, choices=()
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "secret", "events", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        declared = conf.event_payloads()
        self.fields["events"].choices = [
            (event, label) for event, label in conf.EVENT_LABELS.items() if event in declared
        ]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "event_labels", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["delivery_log"]
    actions = ["send_test"]

    @admin.display(description=_("journal des envois"))
    def delivery_log(self, endpoint):
        if endpoint.pk is None:
            return "—"
        url = reverse("admin:webhooks_delivery_changelist") + f"?endpoint__id__exact={endpoint.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Voir les envois de ce point de réception"))

    @admin.display(description=_("événements"))
    def event_labels(self, endpoint):
        return endpoint.event_labels()

    @admin.action(description=_("Envoyer un événement de test (ping)"))
    def send_test(self, request, queryset):
        for endpoint in queryset:
            services.send_test(endpoint=endpoint)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Un test est envoyé à %(count)d point de réception.",
                "Un test est envoyé à %(count)d points de réception.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "endpoint", "event", "status", "attempts", "last_status_code", "delivered_at"]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "endpoint",
        "event",
        "payload",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    ]
    actions = ["redeliver"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_redeliver_permission(self, request):
        """Sending again posts to another system: for who may change endpoints, not who only reads the log."""
        return request.user.has_perm("webhooks.change_endpoint")

    @admin.action(description=_("Renvoyer"), permissions=["redeliver"])
    def redeliver(self, request, queryset):
        for delivery in queryset:
            services.redeliver(delivery=delivery)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d envoi est renvoyé.", "%(count)d envois sont renvoyés.", count) % {"count": count},
            messages.SUCCESS,
        )
