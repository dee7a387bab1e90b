"""The kinds of notification of the portal, declared by the templates their events use.

Listed in the ``NOTIFICATION_KINDS`` setting (``inbox.kinds.portal_kinds``). The catalogue names
templates only (no import of the apps that send them), so a kind exists, with its preference, before
the code that sends it lands. An app may instead declare its kinds in its own ``notifications``
module (a function returning ``NotificationKind`` objects) listed after this one in the setting:
a later declaration of a name replaces this one.
"""

from django.utils.translation import gettext_lazy as _

from snitem_portal.notifications import NotificationKind

# A comment's link: the thread's address with the comment's anchor, else the commented object's page.
COMMENT_LINK = ("thread_url", "subject")


def portal_kinds() -> list[NotificationKind]:
    return [
        # Companies and working groups
        NotificationKind(
            "affiliation_requested",
            _("Demandes de rattachement à votre entreprise"),
            ("groups/email/affiliation_requested",),
            signoff=True,
            link=(),
            page="groups:requests",
        ),
        NotificationKind(
            "affiliation_decided",
            _("Décision sur votre rattachement à une entreprise"),
            ("groups/email/affiliation_decided",),
            link=("affiliation.company",),
        ),
        NotificationKind(
            "membership_requested",
            _("Demandes d'adhésion aux groupes que vous présidez"),
            ("groups/email/membership_requested",),
            link=(),
            page="groups:requests",
        ),
        NotificationKind(
            "membership_decided",
            _("Décision sur votre demande d'adhésion à un groupe"),
            ("groups/email/membership_decided",),
            link=("group",),
        ),
        NotificationKind(
            "role_changed",
            _("Changement de votre rôle dans un groupe"),
            ("groups/email/role_changed",),
            link=("group",),
        ),
        NotificationKind(
            "meeting",
            _("Réunions planifiées, déplacées ou annulées"),
            (
                "groups/email/meeting_invitation",
                "groups/email/meeting_scheduled",
                "groups/email/meeting_rescheduled",
                "groups/email/meeting_relocated",
                "groups/email/meeting_cancelled",
                "meetings/email/meeting_scheduled",
            ),
            link=("meeting",),
        ),
        NotificationKind(
            "minutes_circulated",
            _("Comptes rendus de réunion diffusés"),
            ("meetings/email/minutes_circulated",),
            link=("minutes", "meeting"),
        ),
        NotificationKind(
            "document_added",
            _("Documents ajoutés à vos groupes"),
            ("documents/email/document_added",),
            link=("document", "group"),
        ),
        # Discussion
        NotificationKind(
            "mentioned",
            _("Mentions de votre nom dans un commentaire"),
            ("discussion/email/mentioned",),
            link=COMMENT_LINK,
        ),
        NotificationKind("replied", _("Réponses à vos commentaires"), ("discussion/email/replied",), link=COMMENT_LINK),
        NotificationKind(
            "comment_hidden",
            _("Commentaires masqués par la modération"),
            ("discussion/email/hidden",),
            link=COMMENT_LINK,
        ),
        # Roadmap
        NotificationKind(
            "action_followed",
            _("Actions de la feuille de route que vous suivez"),
            ("roadmap/email/action_status_changed",),
            link=("action",),
        ),
        NotificationKind(
            "position_to_sign",
            _("Positions de votre entreprise à valider"),
            ("roadmap/email/position_revision_pending",),
            signoff=True,
            link=("consultation",),
        ),
        NotificationKind(
            "joint_position_published",
            _("Positions communes publiées"),
            ("roadmap/email/joint_position_published", "discussion/email/joint_position_published"),
        ),
        # Calls for projects
        NotificationKind(
            "deadline_moved",
            _("Dates limites d'appels à projets déplacées"),
            ("projects/email/deadline_moved",),
            link=("call",),
        ),
        NotificationKind(
            "application_submitted",
            _("Candidatures déposées par votre entreprise"),
            ("projects/email/submission_received",),
            link=("submission",),
        ),
        NotificationKind(
            "partnership_requested",
            _("Partenariats de candidature à confirmer"),
            ("projects/email/partnership_requested",),
            signoff=True,
            link=(),
        ),
        NotificationKind(
            "application_decided",
            _("Décisions sur les candidatures de votre entreprise"),
            ("projects/email/decision_published",),
            link=("submission",),
        ),
        # Staff mailings
        NotificationKind("mailing", _("Communications de l'équipe du Snitem"), ("mailings/email/mailing",)),
    ]
