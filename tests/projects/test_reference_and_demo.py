import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from projects import dashboard
from projects.models import Call, DeadlineChange, Review, Submission

from ..factories import UserFactory
from .factories import CallFactory, SubmissionFactory, pass_deadline, submitted

pytestmark = pytest.mark.django_db


def _facts():
    with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def test_reference_loads_hdh_calls_with_published_laureates_idempotently(client):
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("load_reference_data", stdout=io.StringIO())

    facts = {fact["year"]: fact for fact in _facts()["hdh_calls"]}
    calls = {call.slug: call for call in Call.objects.all()}
    assert sorted(calls) == ["hdh-2019", "hdh-2020-grand-defi-ia"]
    hdh2020 = calls["hdh-2020-grand-defi-ia"]
    assert (hdh2020.status, hdh2020.applications_received) == ("decided", facts[2020]["applications"])
    assert timezone.localtime(hdh2020.closes_at).strftime("%Y-%m-%d %H:%M %Z") == "2020-06-01 12:00 CEST"
    assert hdh2020.source_list == facts[2020]["sources"]
    assert DeadlineChange.objects.filter(call=hdh2020).count() == 1
    laureates = Submission.objects.filter(call=calls["hdh-2019"], status="laureate")
    expected = sorted(laureate["name"] for laureate in facts[2019]["laureates"])
    assert sorted(laureates.values_list("title", flat=True)) == expected
    assert laureates.get(title="PIMPON").holder.endswith("société Vidal")
    assert Submission.objects.count() == 20

    api = client.get("/api/v1/calls/hdh-2020-grand-defi-ia/").json()
    assert {"title": "Tamis", "holder": "", "summary": "IA sur frottis sanguins en hématologie"} in api["laureates"]
    page = client.get("/appels/hdh-2019/laureats/").content.decode()
    assert "Deepsarc" in page
    assert "centre Léon-Bérard" in page


def test_seed_demo_creates_open_and_past_calls_in_proportion(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--password", "demo-pass", stdout=io.StringIO())

    open_call = Call.objects.get(slug="demo-appel-ouvert")
    past_call = Call.objects.get(slug="demo-appel-clos")
    assert open_call.is_open
    assert not past_call.is_open
    assert open_call.submissions.filter(status="draft").count() == 17  # every third of 50 companies
    assert open_call.submissions.filter(status="submitted").count() == 13
    assert past_call.submissions.filter(status="under_review").count() == 25
    assert Review.objects.filter(submission__call=past_call).exists()
    assert all(s.snapshot for s in Submission.objects.exclude(submitted_at=None))
    # Jurors are never given their own company's application.
    assert not Review.objects.filter(juror__email="referent.1@demo.example", submission__company__name="Demo Company 1")


def test_dashboard_panels(member, company, juror, staff, other_company):
    call = CallFactory(closes_at=timezone.now() + timedelta(days=3))
    SubmissionFactory(call=call, company=company, title="Brouillon à finir")
    submitted(call=pass_deadline(juror.juries.get()), company=other_company, title="À noter")
    request = RequestFactory().get("/")

    request.user = member
    member_panels = dashboard.panels(request)
    request.user = juror
    juror_panels = dashboard.panels(request)
    request.user = staff
    staff_panels = dashboard.panels(request)
    request.user = UserFactory()
    nobody = dashboard.panels(request)

    assert [(p.title, p.action_count) for p in member_panels] == [("Candidatures en brouillon", 1)]
    assert [d.title for d in member_panels[0].context["drafts"]] == ["Brouillon à finir"]
    assert [(p.title, [s.title for s in p.context["submissions"]]) for p in juror_panels] == [
        ("Évaluations à faire (jury)", ["À noter"])
    ]
    assert [p.title for p in staff_panels] == ["Appels à projets bientôt clos"]
    assert nobody == []


def test_dashboard_page_renders_panels(client, member, company):
    SubmissionFactory(call=CallFactory(), company=company, title="Brouillon visible")
    client.force_login(member)

    html = client.get("/tableau-de-bord/").content.decode()

    assert "Brouillon visible" in html
    assert "Clôture dans" in html
