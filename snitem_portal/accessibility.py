"""The scope of the accessibility audit: every page, as whom, in which languages.

One list read by two readers: the automated audit (tests/browser/test_accessibility.py runs
axe-core on each entry, for each role and language, and fails when a URL of the project is
neither checked here nor listed as not being a page) and the accessibility statement page,
which publishes what is tested. A new page joins the audit with one ``CheckedPage`` line.
"""

from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Who looks at a page. The audit signs in one account per role and language.
ROLES = {
    "anonymous": _("visiteur non connecté"),
    "newcomer": _("compte sans entreprise"),
    "member": _("membre d'une entreprise"),
    "referent": _("référent d'entreprise"),
    "chair": _("président de groupe"),
    "juror": _("juré"),
    "staff": _("équipe du Snitem"),
}
LANGUAGES = ("fr", "en")

# What the audit asks of axe-core: WCAG 2.1 A and AA, plus Deque's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
STANDARD = "RGAA 4.1 / WCAG 2.1 AA"


@dataclass(frozen=True)
class CheckedPage:
    label: str  # the page's name in the statement
    url_name: str  # reversed with ``args`` taken from the audit's world of data
    roles: tuple[str, ...]  # the roles for which the page differs
    args: tuple[str, ...] = ()  # names of objects in the audit's world (tests/browser/a11y_world.py)
    status: int = 200  # what the page answers (an error page is checked as what it is)
    submit: str = ""  # a CSS selector clicked before the check: a form sent empty shows its errors
    redirects: bool = False  # the page lands elsewhere by design (a one-time link)
    suffix: str = ""  # appended to the URL (a query string, or a path that does not exist)
    fresh_login: bool = False  # the page asks for a recent sign-in (security settings)
    content_language: str = ""  # a document frozen in one language, whatever the interface's

    @property
    def key(self) -> str:
        """A stable identifier: the URL name, plus the state when one page is checked twice."""
        state = f"[{self.status}]" if self.status != 200 else ""
        return f"{self.url_name}{state}{'+submit' if self.submit else ''}"


EMPTY_SUBMIT = "main form [type=submit]"

PAGES: list[CheckedPage] = [
    # Public pages and accounts
    CheckedPage(_("Accueil"), "landing", ("anonymous",)),
    CheckedPage(_("Connexion"), "account_login", ("anonymous",)),
    CheckedPage(_("Connexion, formulaire en erreur"), "account_login", ("anonymous",), submit=EMPTY_SUBMIT),
    CheckedPage(_("Création de compte"), "account_signup", ("anonymous",)),
    CheckedPage(_("Création de compte, formulaire en erreur"), "account_signup", ("anonymous",), submit=EMPTY_SUBMIT),
    CheckedPage(_("Mot de passe oublié"), "account_reset_password", ("anonymous",)),
    CheckedPage(_("Mot de passe oublié : courriel envoyé"), "account_reset_password_done", ("anonymous",)),
    CheckedPage(
        _("Nouveau mot de passe"),
        "account_reset_password_from_key",
        ("anonymous",),
        args=("reset_uid", "reset_key"),
        redirects=True,
    ),
    CheckedPage(_("Nouveau mot de passe enregistré"), "account_reset_password_from_key_done", ("anonymous",)),
    CheckedPage(_("Vérification de l'adresse : courriel envoyé"), "account_email_verification_sent", ("anonymous",)),
    CheckedPage(_("Confirmation de l'adresse e-mail"), "account_confirm_email", ("anonymous",), args=("email_key",)),
    CheckedPage(_("Compte inactif"), "account_inactive", ("anonymous",)),
    CheckedPage(_("Déclaration d'accessibilité"), "accessibility", ("anonymous", "member")),
    CheckedPage(_("Tableau de bord"), "dashboard", ("newcomer", "member", "referent", "chair", "juror", "staff")),
    CheckedPage(_("Déconnexion"), "account_logout", ("member",)),
    CheckedPage(_("Confirmation du mot de passe"), "account_reauthenticate", ("member",)),
    CheckedPage(_("Adresses e-mail"), "account_email", ("member",)),
    CheckedPage(_("Changement de mot de passe"), "account_change_password", ("member",)),
    CheckedPage(_("Double authentification"), "mfa_index", ("member",)),
    CheckedPage(
        _("Activation de l'application d'authentification"), "mfa_activate_totp", ("member",), fresh_login=True
    ),
    CheckedPage(_("Jeton d'API"), "api-token", ("member",)),
    CheckedPage(_("Politique de confidentialité"), "privacy-policy", ("anonymous", "member")),
    CheckedPage(_("Mes données personnelles"), "privacy-my-data", ("member",)),
    CheckedPage(_("Supprimer mon compte"), "privacy-close-account", ("member",)),
    CheckedPage(
        _("Supprimer mon compte, formulaire en erreur"),
        "privacy-close-account",
        ("member",),
        status=400,
        submit=EMPTY_SUBMIT,
    ),
    CheckedPage(_("Notifications"), "inbox:list", ("newcomer", "member")),
    CheckedPage(_("Notifications et calendrier"), "reminders:preferences", ("member", "referent")),
    CheckedPage(
        _("Notifications, lien reçu par courriel"),
        "reminders:preferences-signed",
        ("anonymous",),
        args=("prefs_token",),
    ),
    CheckedPage(_("Désinscription en un clic"), "reminders:unsubscribe", ("anonymous",), args=("unsub_token",)),
    CheckedPage(
        _("Désinscription confirmée"),
        "reminders:unsubscribe",
        ("anonymous",),
        args=("unsub_token",),
        submit="main form [type=submit]",
    ),
    # Companies and working groups
    CheckedPage(_("Rattachement à une entreprise"), "groups:affiliation-request", ("newcomer", "member")),
    CheckedPage(
        _("Page d'une entreprise"), "groups:company-detail", ("member", "referent", "staff"), args=("company",)
    ),
    CheckedPage(_("Groupes de travail"), "groups:group-list", ("anonymous", "member", "chair", "staff")),
    CheckedPage(_("Demandes à traiter"), "groups:requests", ("referent", "chair", "staff")),
    CheckedPage(_("Groupes de l'entreprise"), "groups:my-company-groups", ("referent",)),
    CheckedPage(
        _("Page d'un groupe de travail"),
        "groups:group-detail",
        ("anonymous", "newcomer", "member", "chair", "staff"),
        args=("group",),
    ),
    CheckedPage(_("Nouvelle réunion"), "groups:meeting-create", ("chair",), args=("group",)),
    CheckedPage(
        _("Nouvelle réunion, formulaire en erreur"),
        "groups:meeting-create",
        ("chair",),
        args=("group",),
        submit=EMPTY_SUBMIT,
    ),
    CheckedPage(_("Réunion"), "groups:meeting-detail", ("member", "chair"), args=("group", "meeting")),
    CheckedPage(_("Modification d'une réunion"), "groups:meeting-edit", ("chair",), args=("group", "meeting")),
    CheckedPage(_("Ordre du jour d'une réunion"), "meetings:agenda", ("chair",), args=("group", "meeting")),
    CheckedPage(_("Réponses à une invitation"), "meetings:registrations", ("chair",), args=("group", "meeting")),
    CheckedPage(_("Présences à une réunion"), "meetings:attendance", ("chair",), args=("group", "past_meeting")),
    CheckedPage(_("Feuille de présence"), "meetings:attendance-sheet", ("chair",), args=("group", "past_meeting")),
    CheckedPage(_("Compte rendu de réunion"), "meetings:minutes", ("member", "chair"), args=("group", "past_meeting")),
    # Documents and publications
    CheckedPage(_("Publications"), "documents:publications", ("anonymous", "member")),
    CheckedPage(
        _("Documents d'un groupe"), "documents:group-library", ("anonymous", "member", "chair"), args=("group",)
    ),
    CheckedPage(_("Ajout d'un document"), "documents:document-create", ("member",), args=("group",)),
    CheckedPage(
        _("Ajout d'un document, formulaire en erreur"),
        "documents:document-create",
        ("member",),
        args=("group",),
        submit=EMPTY_SUBMIT,
    ),
    CheckedPage(_("Document d'un groupe"), "documents:document-detail", ("member", "chair"), args=("document",)),
    CheckedPage(_("Publication"), "documents:document-detail", ("anonymous",), args=("public_document",)),
    CheckedPage(_("Modification d'un document"), "documents:document-edit", ("chair",), args=("document",)),
    # Roadmap and consultations
    CheckedPage(_("Feuille de route"), "roadmap:roadmap", ("anonymous", "member", "staff")),
    CheckedPage(_("Feuille de route choisie"), "roadmap:roadmap-detail", ("anonymous",), args=("roadmap",)),
    CheckedPage(
        _("Action de la feuille de route"), "roadmap:action-detail", ("anonymous", "member", "staff"), args=("action",)
    ),
    CheckedPage(_("Consultations"), "roadmap:consultation-list", ("member", "chair", "staff")),
    CheckedPage(_("Nouvelle consultation"), "roadmap:consultation-create", ("chair", "staff")),
    CheckedPage(
        _("Consultation et position de l'entreprise"),
        "roadmap:consultation-detail",
        ("member", "referent", "chair", "staff"),
        args=("consultation",),
    ),
    CheckedPage(
        _("Consultation close et synthèse"),
        "roadmap:consultation-detail",
        ("member", "staff"),
        args=("closed_consultation",),
    ),
    CheckedPage(
        _("Questionnaire d'une consultation"), "roadmap:consultation-questions", ("staff",), args=("consultation",)
    ),
    CheckedPage(
        _("Positions soumises par une entreprise"), "roadmap:company-positions", ("member", "staff"), args=("company",)
    ),
    # The association's joint position on a closed consultation
    CheckedPage(_("Position commune publiée"), "joint:detail", ("anonymous",), args=("public_joint",)),
    CheckedPage(
        _("Position commune en relecture"), "joint:detail", ("member", "chair", "staff"), args=("circulated_joint",)
    ),
    CheckedPage(_("Rédaction de la position commune"), "joint:edit", ("chair", "staff"), args=("unwritten_joint",)),
    CheckedPage(
        _("Rédaction de la position commune, formulaire en erreur"),
        "joint:edit",
        ("chair",),
        args=("unwritten_joint",),
        submit=EMPTY_SUBMIT,
    ),
    # Discussions (threads are also on the consultation, action and group pages above)
    CheckedPage(
        _("Discussion d'une consultation"),
        "discussion:thread",
        ("member", "chair", "staff"),
        args=("comment_kind", "consultation"),
    ),
    CheckedPage(
        _("Discussion, commentaire refusé"),
        "discussion:thread",
        ("member",),
        args=("comment_kind", "consultation"),
        status=400,
        submit="#comments form.card [type=submit]",
    ),
    # Calls for projects
    CheckedPage(_("Appels à projets"), "projects:call-list", ("anonymous", "member", "staff")),
    CheckedPage(
        _("Appel à projets"), "projects:call-detail", ("anonymous", "member", "referent", "staff"), args=("call",)
    ),
    CheckedPage(_("Lauréats d'un appel"), "projects:call-laureates", ("anonymous",), args=("decided_call",)),
    CheckedPage(_("Nouvelle candidature"), "projects:submission-create", ("member",), args=("other_call",)),
    CheckedPage(_("Mes candidatures"), "projects:my-submissions", ("member", "referent")),
    CheckedPage(_("Candidature"), "projects:submission-detail", ("member", "referent"), args=("draft",)),
    CheckedPage(_("Candidature déposée"), "projects:submission-detail", ("referent", "staff"), args=("sent",)),
    CheckedPage(
        _("Copie déposée d'une candidature"),
        "projects:submission-snapshot",
        ("referent",),
        args=("sent",),
        content_language="fr",
    ),
    CheckedPage(_("Jury d'un appel"), "projects:call-jury", ("staff", "juror"), args=("closed_call",)),
    CheckedPage(_("Évaluation d'une candidature"), "projects:submission-review", ("juror",), args=("reviewed",)),
    CheckedPage(_("Classement et décisions"), "projects:call-ranking", ("staff",), args=("closed_call",)),
    # Staff mailings
    CheckedPage(_("Lettres d'information reçues"), "mailings:archive", ("member", "staff")),
    CheckedPage(_("Lettre d'information"), "mailings:archive-detail", ("member",), args=("mailing",)),
    CheckedPage(_("Lettres d'information (équipe)"), "mailings:staff-list", ("staff",)),
    CheckedPage(_("Nouvelle lettre d'information"), "mailings:compose", ("staff",)),
    CheckedPage(
        _("Nouvelle lettre d'information, formulaire en erreur"), "mailings:compose", ("staff",), submit=EMPTY_SUBMIT
    ),
    CheckedPage(
        _("Lettre d'information, destinataires et envoi"), "mailings:staff-detail", ("staff",), args=("mailing_draft",)
    ),
    CheckedPage(
        _("Désinscription des lettres d'information"), "mailings:unsubscribe", ("anonymous",), args=("mailing_token",)
    ),
    CheckedPage(
        _("Désinscription des lettres d'information, confirmée"),
        "mailings:unsubscribe",
        ("anonymous",),
        args=("mailing_token",),
        submit=EMPTY_SUBMIT,
    ),
    # Search (the text without its accent: the search ignores them)
    CheckedPage(_("Résultats de recherche"), "search:results", ("anonymous", "member"), suffix="?q=evaluation"),
    CheckedPage(
        _("Résultats de recherche d'un type"), "search:results", ("member",), suffix="?q=evaluation&kind=meeting"
    ),
    CheckedPage(_("Recherche sans résultat"), "search:results", ("member",), suffix="?q=introuvable"),
    CheckedPage(_("Recherche, saisie refusée"), "search:results", ("member",), suffix="?kind=inconnu", status=400),
    # Error pages
    CheckedPage(
        _("Page introuvable (404)"), "landing", ("anonymous", "member"), status=404, suffix="page-introuvable/"
    ),
    CheckedPage(_("Accès refusé (403)"), "projects:call-ranking", ("member",), args=("closed_call",), status=403),
]

# URLs of the project that are not pages: what each one is instead. Any other URL must be in PAGES.
NOT_PAGES = {
    "mailings:send": _("action de formulaire (envoyer ou programmer une lettre), renvoie vers sa page"),
    "mailings:send-test": _("action de formulaire (s'envoyer un test), renvoie vers la page de la lettre"),
    "set-language": _("action de formulaire (changement de langue), sans page"),
    "favicon": _("renvoi vers l'icône du site"),
    "privacy-export": _("téléchargement d'un fichier JSON (mes données personnelles)"),
    "healthz": _("sonde d'exploitation (réponse JSON), sans page"),
    "readyz": _("sonde d'exploitation (réponse JSON), sans page"),
    "account_set_password": _("renvoie vers le changement de mot de passe : tout compte a un mot de passe"),
    "account_request_reauthentication_code": _("connexion par code désactivée"),
    "account_confirm_reauthentication_code": _("connexion par code désactivée"),
    "account_confirm_login_code": _("connexion par code désactivée"),
    "mfa_authenticate": _("étape de connexion d'un compte à double authentification"),
    "mfa_reauthenticate": _("confirmation par double authentification"),
    "mfa_deactivate_totp": _("désactivation de la double authentification"),
    "mfa_view_recovery_codes": _("codes de secours de la double authentification"),
    "mfa_generate_recovery_codes": _("nouveaux codes de secours de la double authentification"),
    "mfa_download_recovery_codes": _("téléchargement d'un fichier texte"),
    "groups:affiliation-decide": _("action de formulaire, sans page"),
    "groups:affiliation-role": _("action de formulaire, sans page"),
    "groups:affiliation-withdraw": _("action de formulaire, sans page"),
    "groups:company-search": _("réponse JSON (entreprises proposées sur la page de création de compte)"),
    "groups:membership-decide": _("action de formulaire, sans page"),
    "groups:memberships-decide-bulk": _("action de formulaire, sans page"),
    "groups:membership-role": _("action de formulaire, sans page"),
    "groups:group-join": _("action de formulaire, sans page"),
    "groups:group-leave": _("action de formulaire, sans page"),
    "groups:meeting-cancel": _("action de formulaire, sans page"),
    "groups:meeting-ics": _("fichier iCalendar"),
    "meetings:register": _("action de formulaire, sans page"),
    "meetings:attendance-export": _("téléchargement d'une feuille de calcul (XLSX)"),
    "meetings:action-item-add": _("action de formulaire, sans page"),
    "meetings:action-item-status": _("action de formulaire, sans page"),
    "documents:version-upload": _("action de formulaire, sans page"),
    "documents:document-download": _("téléchargement d'un fichier"),
    "discussion:comment-post": _("action de formulaire, sans page"),
    "discussion:comment-edit": _("action de formulaire, sans page"),
    "discussion:comment-delete": _("action de formulaire, sans page"),
    "discussion:comment-hide": _("action de formulaire, sans page"),
    "roadmap:action-follow": _("action de formulaire, sans page"),
    "roadmap:action-update": _("action de formulaire, sans page"),
    "roadmap:position-submit": _("action de formulaire, sans page"),
    "roadmap:synthesis-export": _("export CSV ou XLSX"),
    "joint:transition": _("action de formulaire, sans page"),
    "projects:call-publish": _("action de formulaire, sans page"),
    "projects:call-deadline": _("action de formulaire, sans page"),
    "projects:call-export": _("export CSV ou XLSX"),
    "projects:submission-submit": _("action de formulaire, sans page"),
    "projects:submission-withdraw": _("action de formulaire, sans page"),
    "projects:submission-reopen": _("action de formulaire, sans page"),
    "projects:attachment-upload": _("action de formulaire, sans page"),
    "projects:submission-decide": _("action de formulaire, sans page"),
    "projects:submission-extension": _("action de formulaire, sans page"),
    "projects:attachment-download": _("fichier PDF"),
    "projects:attachment-delete": _("action de formulaire, sans page"),
    "projects:partnership-answer": _("action de formulaire, sans page"),
    "reminders:calendar-regenerate": _("action de formulaire, sans page"),
    "inbox:read": _("action de formulaire, sans page"),
    "inbox:read-all": _("action de formulaire, sans page"),
    "reminders:calendar-feed": _("fichier iCalendar"),
}

# Whole parts of the site outside the audit, and why: the statement lists them as exceptions.
NOT_PAGES_PREFIXES = {
    "api/v1/": _("l'API REST répond en JSON ; sa documentation interactive est l'interface Swagger UI, d'un tiers"),
    "^api/": _("adresse inconnue de l'API : réponse JSON 404"),
    "admin/": _("l'administration est l'interface d'administration de Django, réservée à l'équipe du Snitem"),
}


def checked_runs() -> list[tuple[CheckedPage, str, str]]:
    """Every (page, role, language) the audit checks."""
    return [(page, role, language) for page in PAGES for role in page.roles for language in LANGUAGES]


def statement() -> dict:
    """What the accessibility statement page shows, built from the audit's scope."""
    pages = {}
    for page in PAGES:
        entry = pages.setdefault(str(page.label), {"label": page.label, "roles": []})
        entry["roles"] += [ROLES[role] for role in page.roles if ROLES[role] not in entry["roles"]]
    return {
        "standard": STANDARD,
        "pages": list(pages.values()),
        "page_count": len({page.url_name + page.suffix for page in PAGES}),
        "state_count": len(PAGES),
        "run_count": len(checked_runs()),
        "role_count": len({role for page in PAGES for role in page.roles}),
        "languages": LANGUAGES,
        "axe_tags": AXE_TAGS,
        "exceptions": list(NOT_PAGES_PREFIXES.values()),
        "contact": contact_email(),
    }


def contact_email() -> str:
    """Where to report an accessibility problem: ``ACCESSIBILITY_CONTACT_EMAIL``, or the portal's sender."""
    return getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
