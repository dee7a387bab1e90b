from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.enums import CallStatus, PartnershipStatus, SubmissionStatus
from projects.models import Call, Criterion, Submission

from ..factories import CompanyFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Appel {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    funder = "Health Data Hub"
    description = "Un appel de test."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    status = CallStatus.PUBLISHED

    @factory.post_generation
    def criteria(call, create, extracted, **kwargs):
        if create and extracted is not False:
            for i, (name, weight) in enumerate(extracted or [("Intérêt", 3), ("Faisabilité", 1)]):
                Criterion.objects.create(call=call, name=name, weight=weight, position=i)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    call = factory.SubFactory(CallFactory)
    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Résumé du projet."
    status = SubmissionStatus.DRAFT


def submitted(**kwargs) -> Submission:
    return SubmissionFactory(status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def pdf_upload(name="dossier.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pass_deadline(call: Call) -> Call:
    """Move the call's closing a minute into the past: jurors read and score only from then on."""
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()
    return call


def confirmed_partner(submission: Submission, company) -> None:
    """``company`` named as partner of ``submission`` and confirmed by its referent (it now recuses its jurors)."""
    submission.partners.add(company, through_defaults={"status": PartnershipStatus.CONFIRMED})
