"""Admin of mailings: created, rewritten and sent through the services; the ledger read-only."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from groups.enums import CompanyStatus
from mailings import services
from mailings.models import Delivery, Mailing, MailingStatus, SegmentRole, Unsubscription
from tests.groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@example.org", password="pw-Admin-123")


def test_admin_lists_a_mailing_with_its_status_and_counts(client, admin_user, member):
    mailing = services.create_mailing(by=admin_user, subject="Admin", body="Corps", all_members=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:mailings_mailing_changelist")).status_code == 200
    assert client.get(reverse("admin:mailings_mailing_change", args=[mailing.pk])).status_code == 200
    assert client.get(reverse("admin:mailings_delivery_changelist")).status_code == 200


def test_admin_creates_through_the_service_and_shows_its_refusal(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:mailings_mailing_add")
    data = {"subject": "Depuis l'admin", "body": "Corps", "company_statuses": ["active"]}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Choisissez au moins un groupe" in refused.content.decode()
    assert not Mailing.objects.exists()
    created = client.post(url, {**data, "all_members": "on"})
    assert created.status_code == 302
    mailing = Mailing.objects.get()
    assert (mailing.created_by, mailing.status) == (admin_user, MailingStatus.DRAFT)


def test_admin_send_action_goes_through_the_service(client, admin_user, member, django_capture_on_commit_callbacks):
    mailing = services.create_mailing(by=admin_user, subject="Action", body="Corps", all_members=True)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:mailings_mailing_changelist"),
            {"action": "send_now", "_selected_action": [mailing.pk]},
        )
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.SENT, 1)


def test_an_opt_out_is_read_only_in_admin(client, admin_user, member):
    services.unsubscribe(user=member)
    client.force_login(admin_user)
    opt_out = Unsubscription.objects.get(user=member)

    assert client.get(reverse("admin:mailings_unsubscription_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:mailings_unsubscription_delete", args=[opt_out.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:mailings_unsubscription_add")).status_code == 403
    assert Unsubscription.objects.filter(user=member).exists()


def _change_url(mailing):
    return reverse("admin:mailings_mailing_change", args=[mailing.pk])


def _edit(mailing, **changes):
    """The change form as posted: the mailing's current content, with ``changes``."""
    data = {
        "subject": mailing.subject,
        "body": mailing.body,
        "subject_en": mailing.subject_en,
        "body_en": mailing.body_en,
        "groups": [group.pk for group in mailing.groups.all()],
        "roles": mailing.roles,
        "company_statuses": mailing.company_statuses,
        "read_version": mailing.version,
        "deliveries-TOTAL_FORMS": "0",
        "deliveries-INITIAL_FORMS": "0",
        **changes,
    }
    if mailing.all_members:
        data.setdefault("all_members", "on")
    return data


def _row(mailing):
    row = Mailing.objects.filter(pk=mailing.pk).values().get()
    return row, sorted(Mailing.objects.get(pk=mailing.pk).groups.values_list("pk", flat=True))


@pytest.fixture
def draft(admin_user):
    return services.create_mailing(by=admin_user, subject="Brouillon", body="Corps", all_members=True)


def test_admin_edit_of_a_draft_goes_through_the_service_and_raises_its_version(client, admin_user, draft):
    group = WorkingGroupFactory()
    client.force_login(admin_user)

    response = client.post(
        _change_url(draft),
        _edit(
            draft,
            subject="  Objet revu  ",
            groups=[group.pk],
            all_members="",
            roles=[SegmentRole.REFERENTS],
            company_statuses=[CompanyStatus.SUSPENDED, CompanyStatus.ACTIVE],
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.subject, draft.version, draft.all_members, draft.roles, draft.company_statuses) == (
        "Objet revu",
        2,
        False,
        [SegmentRole.REFERENTS],
        [CompanyStatus.ACTIVE, CompanyStatus.SUSPENDED],
    )
    assert list(draft.groups.all()) == [group]


def test_admin_save_without_a_change_keeps_the_version(client, admin_user, draft):
    client.force_login(admin_user)

    response = client.post(_change_url(draft), _edit(draft))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subject_en": "English only"}, "La version anglaise demande un objet et un texte"),
        ({"body": "   "}, "Ce champ est obligatoire"),
        ({"all_members": ""}, "Choisissez au moins un groupe, ou tous les membres."),
        ({"subject": "Autre", "read_version": 0}, "Quelqu&#x27;un a fait une modification entre-temps"),
        ({"subject": "Autre", "read_version": ""}, "La version lue est obligatoire."),
    ],
)
def test_admin_edit_refused_by_the_service_says_why_and_changes_nothing(client, admin_user, draft, changes, message):
    client.force_login(admin_user)
    before = _row(draft)

    response = client.post(_change_url(draft), _edit(draft, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert _row(draft) == before


def test_admin_refuses_an_archived_group_on_create_and_on_edit(client, admin_user, draft):
    archived = WorkingGroupFactory(name="Ancien groupe", is_active=False)
    client.force_login(admin_user)
    before = _row(draft)

    edited = client.post(_change_url(draft), _edit(draft, groups=[archived.pk]))
    created = client.post(
        reverse("admin:mailings_mailing_add"),
        {"subject": "Nouvelle", "body": "Corps", "groups": [archived.pk], "company_statuses": ["active"]},
    )

    assert (edited.status_code, created.status_code) == (200, 200)
    assert "Ces groupes sont archivés : Ancien groupe." in edited.content.decode()
    assert "Ces groupes sont archivés : Ancien groupe." in created.content.decode()
    assert _row(draft) == before
    assert list(Mailing.objects.values_list("pk", flat=True)) == [draft.pk]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company_statuses", "5"),
        ("company_statuses", '["active"]'),
        ("company_statuses", "[[1]]"),
        ("company_statuses", "royaume"),
        ("roles", '{"chairs": 1}'),
        ("roles", "kings"),
    ],
)
def test_admin_segment_lists_take_only_the_choices(client, admin_user, draft, field, value):
    client.force_login(admin_user)
    before = _row(draft)

    edited = client.post(_change_url(draft), _edit(draft, **{field: value}))
    created = client.post(
        reverse("admin:mailings_mailing_add"),
        {"subject": "Nouvelle", "body": "Corps", "all_members": "on", "company_statuses": ["active"], field: value},
    )

    assert (edited.status_code, created.status_code) == (200, 200)
    assert "Sélectionnez un choix valide" in edited.content.decode()
    assert "Sélectionnez un choix valide" in created.content.decode()
    assert _row(draft) == before
    assert list(Mailing.objects.values_list("pk", flat=True)) == [draft.pk]


def test_admin_company_statuses_may_not_be_empty(client, admin_user, draft):
    client.force_login(admin_user)
    before = _row(draft)

    response = client.post(_change_url(draft), _edit(draft, company_statuses=[]))

    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert _row(draft) == before


def test_a_sent_mailing_is_read_only_in_admin(client, admin_user, draft, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_mailing(mailing=draft, by=admin_user, version=draft.version)
    client.force_login(admin_user)
    before = _row(draft)

    response = client.post(_change_url(draft), _edit(draft, subject="Réécrite après l'envoi", all_members=""))

    assert response.status_code == 302
    assert _row(draft) == before


def test_the_ledger_inline_shows_the_mailing_own_first_rows(client, admin_user, draft):
    people = get_user_model().objects.bulk_create(
        get_user_model()(email=f"personne{index}@example.org") for index in range(51)
    )
    other = services.create_mailing(by=admin_user, subject="Autre", body="Corps", all_members=True)
    Delivery.objects.bulk_create(Delivery(mailing=draft, recipient=person) for person in people[:50])
    own = Delivery.objects.create(mailing=other, recipient=people[50])
    client.force_login(admin_user)

    response = client.get(_change_url(other))

    assert [form.instance for form in response.context["inline_admin_formsets"][0].formset] == [own]
