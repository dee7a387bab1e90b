"""The world of data the accessibility audit looks at: every page in a state with content.

One account per role and language (the interface follows the profile's language), the sourced
reference data (roadmap, past calls with laureates), and for the audit's own company: a working
group with a subgroup, a pending request and a meeting; an open consultation with a draft and a
closed one with a synthesis; an open call with a draft application, another open call, and a
closed call with applications, a jury and a review.
"""

from datetime import timedelta
from io import StringIO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from discussion.registry import thread_for
from discussion.services import delete_comment, edit_comment, hide_comment, post_comment
from documents.demo import minimal_pdf
from documents.services import add_document, add_version
from groups.enums import CompanyRole
from groups.models import Meeting, WorkingGroup
from inbox.models import Notification
from joint import services as joint_services
from meetings import services as meeting_services
from projects.models import Call, Review, Score
from projects.services import submit_submission
from reminders.enums import DeadlineKind
from reminders.tokens import preferences_token, unsubscribe_token
from roadmap.enums import PositionStatus, Stance
from roadmap.models import Action, Answer, Question, Roadmap
from roadmap.services import add_timeline_entry

from ..factories import AffiliationFactory, CompanyFactory, UserFactory
from ..groups.factories import MeetingFactory, WorkingGroupFactory, active_in, chair_of, pending_in
from ..projects.factories import CallFactory, SubmissionFactory, pass_deadline, submitted
from ..roadmap.factories import ConsultationFactory, PositionFactory

NAMES = {
    "newcomer": "Nina Nouvelle",
    "member": "Marie Membre",
    "referent": "Rémi Référent",
    "chair": "Claire Présidente",
    "juror": "Julien Juré",
    "staff": "Sam Équipe",
}


def _people(companies) -> dict:
    """One account per (role, language): ``people[role, language]``."""
    alpha, beta, gamma = companies
    people = {}
    for language in ("fr", "en"):
        suffix = "" if language == "fr" else " (EN)"
        for role, name in NAMES.items():
            user = UserFactory(
                email=f"{role}.{language}@audit.example",
                full_name=name + suffix,
                language=language,
                is_staff=role == "staff",
            )
            company = {"member": alpha, "referent": alpha, "chair": beta, "juror": gamma}.get(role)
            if company is not None:
                company_role = CompanyRole.REFERENT if role == "referent" else CompanyRole.MEMBER
                AffiliationFactory(user=user, company=company, role=company_role)
            people[role, language] = user
    return people


def _groups(people, companies) -> dict:
    group = WorkingGroupFactory(
        name="Évaluation des usages numériques",
        slug="audit-evaluation",
        is_open=False,
        description="Méthodes d'évaluation clinique et médico-économique des dispositifs numériques.",
    )
    WorkingGroupFactory(name="Études cliniques", slug="audit-etudes-cliniques", parent=group)
    for language in ("fr", "en"):
        chair_of(group, people["chair", language])
        for role in ("member", "referent", "juror"):
            active_in(group, people[role, language])
    pending_in(group, AffiliationFactory(company=companies[2], user__full_name="Paul Attente").user)
    meeting = MeetingFactory(
        group=group,
        title="Réunion de rentrée",
        agenda="1. Tour de table\n2. Feuille de route 2025",
        video_url="https://visio.example/evaluation",
        created_by=people["chair", "fr"],
        capacity=30,
    )
    return {"group": group.slug, "meeting": meeting.pk, **_meeting_workspace(group, meeting, people)}


def _meeting_workspace(group, meeting, people) -> dict:
    """The meeting's agenda and answers; a past meeting with attendance, circulated minutes and action items."""
    chair = people["chair", "fr"]
    meeting_services.set_agenda(
        meeting=meeting,
        by=chair,
        items=[
            {"title": "Tour de table", "presenter": chair},
            {"title": "Feuille de route 2025", "presenter_name": "Snitem"},
        ],
    )
    meeting_services.answer_invitation(meeting=meeting, user=people["member", "fr"], response="in_person")
    meeting_services.answer_invitation(meeting=meeting, user=people["referent", "fr"], response="remote")
    starts = timezone.now().replace(microsecond=0) - timedelta(days=3)
    past = MeetingFactory(
        group=group, title="Réunion de juin", starts_at=starts, ends_at=starts + timedelta(hours=2), created_by=chair
    )
    present = [people[role, language].pk for role in ("member", "referent") for language in ("fr", "en")]
    meeting_services.record_attendance(meeting=past, by=chair, user_ids=present)
    meeting_services.save_minutes(
        meeting=past,
        by=chair,
        text="## Relevé de décisions\n\n- Le groupe **valide** la note.\n- Prochaine réunion en septembre.",
        status="circulated",
        version=0,
    )
    for language in ("fr", "en"):
        meeting_services.add_action_item(
            meeting=past,
            by=chair,
            title="Relire la note de position",
            owner=people["member", language],
            due_date=timezone.localdate() + timedelta(days=5),
        )
    return {"past_meeting": past.pk}


def _roadmap(people, companies) -> dict:
    action = Action.objects.order_by("roadmap__slug", "orientation__number", "number").first()
    add_timeline_entry(action=action, by=people["staff", "fr"], text="Lancement des travaux.", status="in_progress")
    consultation = ConsultationFactory(action=action, question="Soutenez-vous le référentiel d'interopérabilité ?")
    draft = PositionFactory(consultation=consultation, company=companies[0], stance=Stance.SUPPORT_WITH_RESERVATIONS)
    closed = ConsultationFactory(
        action=action,
        question="Faut-il un guichet unique pour les autorisations ?",
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=2),
    )
    for company, stance in zip(companies, [Stance.SUPPORT, Stance.OPPOSE, Stance.ABSTAIN], strict=True):
        PositionFactory(
            consultation=closed,
            company=company,
            stance=stance,
            argument="Argument partagé de l'entreprise." if stance == Stance.OPPOSE else "",
            status=PositionStatus.SUBMITTED,
            submitted_at=timezone.now() - timedelta(days=3),
        )
    _questionnaire(consultation, [draft])
    _questionnaire(closed, list(closed.positions.all()))
    return {
        "action": action.pk,
        "roadmap": Roadmap.objects.order_by("slug").last().slug,
        "consultation": consultation.pk,
        "closed_consultation": closed.pk,
    }


def _questionnaire(consultation, positions) -> None:
    """One question of each kind, answered in every position (the synthesis per question, its masked
    counts for members, the position form's fieldsets)."""
    questions = [
        Question(kind="single", label="Votre entreprise est-elle prête ?", choices=["Oui", "Non"], required=True),
        Question(kind="multiple", label="Principaux freins", choices=["Coût", "Calendrier", "Normes"]),
        Question(kind="scale", label="Importance de l'action"),
        Question(kind="text", label="Un exemple concret ?"),
    ]
    for index, question in enumerate(questions):
        question.consultation, question.position = consultation, index
        question.save()
    values = ["Oui", ["Coût", "Normes"], 4, "Un pilote mené avec deux hôpitaux."]
    Answer.objects.bulk_create(
        Answer(position=position, question=question, value=value)
        for position in positions
        for question, value in zip(questions, values, strict=True)
    )


def _calls(people, companies) -> dict:
    alpha, beta, _gamma = companies
    call = CallFactory(title="Données de santé et intelligence artificielle", slug="donnees-ia")
    draft = SubmissionFactory(call=call, company=alpha, title="Registre des implants connectés")
    other = CallFactory(title="Télésurveillance en ville", slug="telesurveillance")
    closed = CallFactory(
        title="Appel clos de démonstration", slug="appel-clos", opens_at=timezone.now() - timedelta(days=60)
    )
    closed.jurors.set([people["juror", "fr"], people["juror", "en"], people["staff", "fr"], people["staff", "en"]])
    sent = SubmissionFactory(call=closed, company=alpha, title="Parcours de soins numériques")
    sent = submit_submission(submission=sent, by=people["referent", "fr"], version=sent.version)
    pass_deadline(closed)
    reviewed = submitted(call=closed, company=beta, title="Jumeau numérique du patient")
    review = Review.objects.create(submission=reviewed, juror=people["staff", "fr"], comment="Solide.")
    Score.objects.bulk_create(Score(review=review, criterion=c, value=7) for c in closed.criteria.all())
    return {
        "call": call.slug,
        "other_call": other.slug,
        "closed_call": closed.slug,
        "decided_call": Call.objects.filter(status="decided").order_by("slug").first().slug,
        "draft": draft.pk,
        "sent": sent.pk,
        "reviewed": reviewed.pk,
    }


def _tokens(people) -> dict:
    forgetful = UserFactory(email="oubli@audit.example")
    unverified = UserFactory(email="nouveau@audit.example", verified=False)
    address = EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False, primary=True)
    member = people["member", "fr"]
    return {
        "reset_uid": user_pk_to_url_str(forgetful),
        "reset_key": default_token_generator.make_token(forgetful),
        "email_key": EmailConfirmationHMAC(address).key,
        "prefs_token": preferences_token(member),
        "unsub_token": unsubscribe_token(member, [DeadlineKind.MEETING]),
    }


def _documents(people) -> dict:
    """The audit group's library: a group document with two versions (on the meeting) and a publication."""
    group = WorkingGroup.objects.get(slug="audit-evaluation")
    chair = people["chair", "fr"]
    document = add_document(
        group=group,
        by=chair,
        title="Compte rendu de la réunion de rentrée",
        description="Relevé des décisions et des actions.",
        meeting=Meeting.objects.filter(group=group).first(),
        uploaded=SimpleUploadedFile("compte-rendu.pdf", minimal_pdf("Compte rendu")),
    )
    add_version(document=document, by=chair, uploaded=SimpleUploadedFile("compte-rendu-v2.pdf", minimal_pdf("v2")))
    public = add_document(
        group=group,
        by=chair,
        title="Note de position sur l'évaluation",
        visibility="public",
        uploaded=SimpleUploadedFile("note.pdf", minimal_pdf("Note de position")),
    )
    return {"document": document.pk, "public_document": public.pk}


def _discussions(people, objects) -> dict:
    """Threads in every state on the consultation, the group and the action: replies, a mention, an
    edited comment, one hidden by moderation and one deleted under its replies."""
    member, referent, chair, staff = (people[role, "fr"] for role in ("member", "referent", "chair", "staff"))
    for on in (f"consultation:{objects['consultation']}", f"group:{objects['group']}", f"action:{objects['action']}"):
        thread = thread_for(member, on)
        opening = post_comment(
            thread=thread, by=member, body=f"Premier **avis**, @{referent.email.partition('@')[0]} ?"
        )
        post_comment(
            thread=thread,
            by=referent,
            body="D'accord, voir [la doctrine](https://esante.gouv.fr/).",
            parent_id=opening.pk,
        )
        edited = post_comment(thread=thread, by=chair, body="Une remarque.")
        edit_comment(thread=thread, comment=edited, by=chair, body="Une remarque, précisée.")
        gone = post_comment(thread=thread, by=referent, body="Retiré.")
        post_comment(thread=thread, by=chair, body="Réponse à un commentaire retiré.", parent_id=gone.pk)
        delete_comment(comment=gone, by=referent)
        rude = post_comment(thread=thread, by=people["member", "en"], body="Hors sujet.")
        hide_comment(thread=thread_for(staff, on), comment=rude, by=staff, reason="Hors sujet")
    return {"comment_kind": "consultation"}


def build_world() -> tuple[dict, dict]:
    """Create the audit's data; returns ``(objects, people)``: URL arguments by name, accounts by (role, language)."""
    call_command("load_reference_data", stdout=StringIO())
    companies = [
        CompanyFactory(name="Alpha Médical"),
        CompanyFactory(name="Bêta Santé"),
        CompanyFactory(name="Gamma Dispositifs"),
    ]
    people = _people(companies)
    objects = {"company": companies[0].pk}
    objects |= _groups(people, companies)
    objects |= _roadmap(people, companies)
    objects |= _calls(people, companies)
    objects |= _tokens(people)
    objects |= _documents(people)
    objects |= _discussions(people, objects)
    objects |= _joint_positions(people, companies, objects)
    objects |= _mailings(people)
    _notifications(people)
    return objects, people


def _joint_positions(people, companies, objects) -> dict:
    """Closed consultations of the group with shared arguments: a joint position in review, one
    published for everyone, and one still to be written (its editor, empty)."""
    chair, staff = people["chair", "fr"], people["staff", "fr"]
    group = WorkingGroup.objects.get(slug=objects["group"])
    action = Action.objects.get(pk=objects["action"])
    made = {}
    for name, question in [
        ("circulated_joint", "Faut-il un référentiel commun de télésurveillance ?"),
        ("public_joint", "Faut-il harmoniser les études cliniques en vie réelle ?"),
        ("unwritten_joint", "Faut-il un label pour les applications de santé ?"),
    ]:
        consultation = ConsultationFactory(
            action=action,
            group=group,
            question=question,
            opens_at=timezone.now() - timedelta(days=30),
            closes_at=timezone.now() - timedelta(days=2),
        )
        for company, stance in zip(companies[:2], [Stance.SUPPORT, Stance.OPPOSE], strict=True):
            PositionFactory(
                consultation=consultation,
                company=company,
                stance=stance,
                argument=f"Argument partagé de {company.name}.",
                status=PositionStatus.SUBMITTED,
                submitted_at=timezone.now() - timedelta(days=3),
            )
        made[name] = consultation
    for name, public in (("circulated_joint", False), ("public_joint", True)):
        joint = joint_services.save_joint_position(
            consultation=made[name],
            by=chair,
            text="## La position de la filière\n\nLa filière **soutient** cette orientation.",
            quotes=list(made[name].positions.values_list("pk", flat=True)),
            public=public,
        )
        joint = joint_services.circulate(joint=joint, by=chair)
        if public:
            joint_services.publish(joint=joint_services.validate(joint=joint, by=staff), by=staff)
    return {name: consultation.pk for name, consultation in made.items()}


def _notifications(people) -> None:
    """A lit bell and a list with read and unread notifications for members and newcomers."""
    rows = []
    for (role, _language), user in people.items():
        if role in ("member", "newcomer"):
            for number in range(3):
                rows.append(
                    Notification(
                        recipient=user,
                        kind="membership_decided",
                        title=f"Bienvenue dans le groupe « Groupe {number} »",
                        url="/groupes/",
                        read_at=timezone.now() if number == 2 else None,
                    )
                )
    Notification.objects.bulk_create(rows)


def _mailings(people) -> dict:
    """A mailing sent to every member (in French and English), a draft, and a member's unsubscribe link."""
    from mailings import delivery as mailing_delivery
    from mailings import services as mailing_services
    from mailings.tokens import unsubscribe_token as mailing_unsubscribe_token

    staff = people["staff", "fr"]
    sent = mailing_services.create_mailing(
        by=staff,
        subject="Lettre de la filière",
        body="## Les nouvelles\n\nLe **groupe** avance.",
        subject_en="News from the sector",
        body_en="## News\n\nThe **group** moves on.",
        all_members=True,
    )
    mailing_services.send_mailing(mailing=sent, by=staff, version=sent.version)
    mailing_delivery.send_batch(delivery_ids=mailing_delivery.start_mailing(mailing_id=sent.pk))
    draft = mailing_services.create_mailing(by=staff, subject="Brouillon de lettre", body="Texte", all_members=True)
    return {
        "mailing": sent.pk,
        "mailing_draft": draft.pk,
        "mailing_token": mailing_unsubscribe_token(people["member", "fr"]),
    }
