"""What search finds of the documents: title, description, and the text of the latest version's
file, extracted by a Celery task when the version changes (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from search.registry import IndexedFile, SearchSource

from .models import Document
from .selectors import documents_visible_to


def _body(document: Document) -> str:
    version = document.current_version
    return "\n".join([document.description, document.group.name, version.filename if version else ""])


def _file(document: Document) -> IndexedFile | None:
    version = document.current_version
    if version is None:
        return None
    return IndexedFile(key=f"version-{version.pk}", file=version.file, content_type=version.content_type)


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="document",
            label=_("Documents"),
            model=Document,
            objects=lambda: Document.objects.select_related("group", "current_version"),
            visible=documents_visible_to,
            title=lambda document: document.title,
            body=_body,
            file=_file,
            # The group's name is in the body.
            follows=((WorkingGroup, lambda group: Document.objects.filter(group=group)),),
        ),
    ]
