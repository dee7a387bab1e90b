"""CSV/XLSX export of a call's submissions with their scores (staff)."""

from django.http import HttpResponse
from django.utils import timezone
from import_export import fields, resources

from snitem_portal.exports import FormulaSafeResourceMixin

from .enums import SENT_STATUSES
from .models import Submission
from .selectors import with_scores


class SubmissionResource(FormulaSafeResourceMixin, resources.ModelResource):
    call = fields.Field(attribute="call__title", column_name="appel")
    company = fields.Field(column_name="entreprise")
    partners = fields.Field(column_name="partenaires")
    submitted_at = fields.Field(column_name="déposée le (heure de Paris)")
    submitted_by = fields.Field(attribute="submitted_by__display_email", column_name="déposée par")
    weighted_score = fields.Field(column_name="note pondérée (sur 10)")
    reviews_done = fields.Field(attribute="reviews_done", column_name="évaluations faites")
    decision = fields.Field(column_name="décision")

    class Meta:
        model = Submission
        fields = (
            "id",
            "call",
            "company",
            "title",
            "status",
            "budget",
            "partners",
            "submitted_at",
            "submitted_by",
            "weighted_score",
            "reviews_done",
            "decision",
        )
        export_order = fields

    def dehydrate_company(self, submission):
        return submission.holder_name

    def dehydrate_partners(self, submission):
        return ", ".join(partner.name for partner in submission.partners.all())

    def dehydrate_submitted_at(self, submission):
        return timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M") if submission.submitted_at else ""

    def dehydrate_weighted_score(self, submission):
        score = getattr(submission, "weighted_score", None)
        return round(score, 2) if score is not None else ""

    def dehydrate_decision(self, submission):
        if not submission.decision:
            return ""
        state = "publiée" if submission.decision_is_published else "en attente"
        return f"{submission.get_decision_display()} ({state})"


def export_queryset(queryset):
    """Submissions ready for SubmissionResource: scores annotated, relations loaded at once."""
    return (
        with_scores(queryset)
        .select_related("call", "company", "submitted_by")
        .prefetch_related("partners")
        .order_by("call_id", "pk")
    )


def export_submissions(*, call, fmt: str) -> HttpResponse:
    queryset = export_queryset(Submission.objects.filter(call=call, status__in=SENT_STATUSES))
    dataset = SubmissionResource().export(queryset)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = dataset.export("xlsx")
    else:
        content_type = "text/csv; charset=utf-8"
        body = dataset.export("csv")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="candidatures-{call.slug}.{fmt}"'
    return response
