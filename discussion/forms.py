from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf


class CommentForm(forms.Form):
    """A new comment, a reply (``parent``) or an edit (``version``)."""

    body = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mise en forme Markdown : **gras**, *italique*, listes, liens. Pour mentionner une personne "
            "qui peut lire cette discussion, tapez @ suivi de la partie de son adresse e-mail avant le @ "
            "(par exemple @marie.curie) : elle en est avertie."
        ),
    )
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        # A hidden field: the person only ever sees that the comment answered is not there.
        error_messages={
            "invalid": _("Le commentaire auquel vous répondez n'existe pas ou plus."),
            "min_value": _("Le commentaire auquel vous répondez n'existe pas ou plus."),
        },
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service checks the length and says by how much the text is over.
        self.fields["body"].widget.attrs["maxlength"] = conf.max_length()


class ReplyForm(CommentForm):
    """The same, under a comment: the help is given once, above, with the form of a new comment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Votre réponse")
        self.fields["body"].help_text = ""
        self.fields["body"].widget.attrs["rows"] = 3


class EditForm(ReplyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Texte du commentaire")


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du masquage"),
        max_length=500,
        help_text=_("Envoyé à l'auteur du commentaire."),
        widget=forms.TextInput,
    )
