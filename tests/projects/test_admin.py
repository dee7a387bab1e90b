import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from projects import services
from projects.exports import SubmissionResource
from projects.models import Submission

from ..factories import UserFactory
from .factories import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_admin_hides_drafts_in_list_change_history_and_export(client, superuser, draft, other_submitted, member):
    services.update_submission(submission=draft, by=member, version=1, summary="Brouillon confidentiel")
    client.force_login(superuser)
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[Submission]
    draft_history_id = draft.history.latest().history_id

    changelist = client.get(reverse("admin:projects_submission_changelist"))
    change = client.get(reverse("admin:projects_submission_change", args=[draft.pk]))
    history = client.get(reverse("admin:projects_submission_history", args=[draft.pk]))
    history_form = client.get(reverse("admin:projects_submission_simple_history", args=[draft.pk, draft_history_id]))
    exported = list(model_admin.get_export_queryset(request))

    assert [s.pk for s in changelist.context["cl"].result_list] == [other_submitted.pk]
    assert "Brouillon confidentiel" not in changelist.content.decode()
    assert (change.status_code, history.status_code, history_form.status_code) == (302, 404, 404)
    assert exported == [other_submitted]
    assert list(model_admin.get_valid_export_item_pks(request)) == [other_submitted.pk]
    draft.refresh_from_db()
    assert (draft.status, draft.summary) == ("draft", "Brouillon confidentiel")


def test_admin_history_of_a_sent_submission_leaves_out_its_draft_versions(client, superuser, draft, member, referent):
    services.update_submission(submission=draft, by=member, version=1, summary="Version de travail")
    services.submit_submission(submission=draft, by=referent, version=2)
    client.force_login(superuser)

    response = client.get(reverse("admin:projects_submission_history", args=[draft.pk]))

    assert response.status_code == 200
    assert [record.status for record in response.context["page_obj"].object_list] == ["submitted"]


def test_admin_change_form_keeps_status_decision_extension_company_and_call_read_only(
    client, superuser, call, other_company, company
):
    sent = submitted(call=call, company=other_company, title="Déposée")
    client.force_login(superuser)
    url = reverse("admin:projects_submission_change", args=[sent.pk])
    data = {
        "call": call.pk,
        "company": company.pk,
        "holder": "",
        "title": "Titre corrigé",
        "summary": sent.summary,
        "requested_data": "",
        "budget": "",
        "status": "laureate",
        "decision": "laureate",
        "extension_until_0": "01/01/2031",
        "extension_until_1": "12:00:00",
        "extension_reason": "Contournement",
        "submitted_at_0": "01/01/2020",
        "submitted_at_1": "12:00:00",
        "created_at_0": "01/01/2020",
        "created_at_1": "12:00:00",
        "updated_at_0": "01/01/2020",
        "updated_at_1": "12:00:00",
        "partnerships-TOTAL_FORMS": "0",
        "partnerships-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "authorisations-TOTAL_FORMS": "0",
        "authorisations-INITIAL_FORMS": "0",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.title, sent.status, sent.decision, sent.company, sent.call) == (
        "Titre corrigé",
        "submitted",
        "",
        other_company,
        call,
    )
    assert (sent.extension_until, sent.extension_reason) == (None, "")


def test_submission_resource_neutralises_formulas(call, other_company):
    submitted(call=call, company=other_company, title='=HYPERLINK("http://evil.example","x")')

    dataset = SubmissionResource().export(Submission.objects.all())

    assert dataset.dict[0]["title"] == '\'=HYPERLINK("http://evil.example","x")'
