from django import forms
from django.utils.translation import gettext_lazy as _

from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT

from .enums import Visibility

ACCEPT = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.csv,.txt,.png,.jpg,.jpeg,application/pdf,text/csv,text/plain,"
    "image/png,image/jpeg"
)


def file_field(label):
    return forms.FileField(
        label=label,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, texte, PNG ou JPEG ; 25 Mo au plus. "
            "Le fichier est vérifié d'après son contenu."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        allow_empty_file=True,  # the service refuses it with its own message
    )


class DocumentWordsForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Visibilité"),
        choices=Visibility.choices,
        initial=Visibility.GROUP,
        help_text=_(
            "Membres du groupe : ses membres et l'équipe du Snitem. Entreprises adhérentes : tout membre d'une "
            "entreprise adhérente. Public : tout le monde, sur la page Publications (présidence et équipe du "
            "Snitem seulement)."
        ),
    )
    meeting = forms.TypedChoiceField(label=_("Réunion"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, meetings=(), allow_public=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        self.fields["meeting"].choices = [("", _("Aucune")), *((m.pk, str(m)) for m in meetings)]
        self.fields["meeting"].help_text = _("Joindre le document aux documents d'une réunion du groupe.")
        if not allow_public:
            self.fields["visibility"].choices = [c for c in Visibility.choices if c[0] != Visibility.PUBLIC]

    def clean_meeting(self):
        value = self.cleaned_data.get("meeting")
        return self.meetings.get(value) if value is not None else None


class DocumentEditForm(DocumentWordsForm):
    # The revision the author read: an edit from an older one is refused (optimistic locking).
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DocumentCreateForm(DocumentWordsForm):
    file = file_field(_("Fichier"))


class VersionForm(forms.Form):
    file = file_field(_("Nouvelle version"))
    note = forms.CharField(
        label=_("Note de version"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ce qui change dans cette version."),
    )
