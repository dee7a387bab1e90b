"""Pages of the documents library and the publications. Each view: load through a selector (hidden =
404, or the sign-in page for a visitor), check a predicate (403), validate a form, call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.selectors import groups_visible_to
from snitem_portal.web import form_error_messages, run_service

from . import conf, services
from .enums import Visibility
from .forms import DocumentCreateForm, DocumentEditForm, VersionForm
from .permissions import can_add_document, can_edit_document, can_publish
from .selectors import attachable_meetings, document_with_versions, documents_visible_to, group_library, publications

PER_PAGE = 20


class _LoginFirst(Exception):
    """Raised for a visitor asking for a document they do not see: they sign in first."""


def _visible(request, queryset, pk: int):
    """The document, or 404; a visitor is sent to sign in first (whether it exists or not)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        if not request.user.is_authenticated:
            raise _LoginFirst
        raise Http404
    return found


def _or_login(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _too_large(request) -> HttpResponse | None:
    """413 for a body announced larger than the largest file (plus the form around it)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = conf.max_size()
    if length > limit + conf.MULTIPART_OVERHEAD:
        message = _("Le fichier dépasse la taille maximale de %(limit)s Mo.") % {"limit": f"{limit / (1024 * 1024):g}"}
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    return None


def group_documents(request, slug: str):
    """A group's library: the documents the caller sees (public ones for visitors), newest first."""
    group = get_object_or_404(groups_visible_to(request.user), slug=slug)
    page = Paginator(group_library(request.user, group), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/library.html",
        {"group": group, "page": page, "documents": list(page), "can_add": can_add_document(request.user, group)},
    )


@login_required
def document_create(request, slug: str):
    group = get_object_or_404(groups_visible_to(request.user), slug=slug)
    if not can_add_document(request.user, group):
        raise PermissionDenied
    if request.method == "POST" and (refused := _too_large(request)):
        return refused
    form = DocumentCreateForm(
        request.POST or None,
        request.FILES or None,
        meetings=list(attachable_meetings(request.user, group)),
        allow_public=can_publish(request.user, group),
        initial={"meeting": request.GET.get("reunion")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request,
            lambda: services.add_document(
                group=group,
                by=request.user,
                title=data["title"],
                description=data["description"],
                visibility=data["visibility"],
                meeting=data["meeting"],
                uploaded=data["file"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("Document ajouté à la bibliothèque du groupe."))
            return redirect(outcome.result)
    return render(request, "documents/document_form.html", {"group": group, "form": form})


@_or_login
def document_detail(request, pk: int):
    document = _visible(request, document_with_versions(request.user), pk)
    editable = can_edit_document(request.user, document)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "group": document.group,
            "versions": list(document.versions.all()),
            "can_edit": editable,
            "version_form": VersionForm() if editable else None,
        },
    )


@login_required
def document_edit(request, pk: int):
    document = _visible(request, document_with_versions(request.user), pk)
    if not can_edit_document(request.user, document):
        raise PermissionDenied
    group = document.group
    publisher = can_publish(request.user, group)
    form = DocumentEditForm(
        request.POST or None,
        # The document's meeting stays choosable when older or cancelled: never detached silently.
        meetings=list(attachable_meetings(request.user, group, document)),
        allow_public=publisher or document.visibility == Visibility.PUBLIC,
        initial={
            "title": document.title,
            "description": document.description,
            "visibility": document.visibility,
            "meeting": document.meeting_id,
            "revision": document.revision,
        },
    )
    if not publisher and document.visibility == Visibility.PUBLIC:
        # Withdrawing a publication is for chairs and staff: the field shows it but cannot change it.
        form.fields["visibility"].disabled = True
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in ("title", "description", "visibility", "meeting")}
        revision = form.cleaned_data["revision"]
        if run_service(
            request,
            lambda: services.update_document(document=document, by=request.user, revision=revision, **changes),
            form=form,
        ).ok:
            messages.success(request, _("Document mis à jour."))
            return redirect(document)
    return render(request, "documents/document_edit.html", {"document": document, "group": group, "form": form})


@login_required
@require_POST
def version_upload(request, pk: int):
    document = _visible(request, documents_visible_to(request.user).select_related("group"), pk)
    if not can_edit_document(request.user, document):
        raise PermissionDenied
    if refused := _too_large(request):
        return refused
    form = VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request,
        lambda: services.add_version(
            document=document, by=request.user, uploaded=form.cleaned_data["file"], note=form.cleaned_data["note"]
        ),
    ).ok:
        messages.success(request, _("Nouvelle version déposée."))
    return redirect(document)


def version_of(document, raw: str | None):
    """The version ``?version=N`` names, else the latest; None when there is no such version."""
    if raw is None:
        return document.current_version
    if not (raw.isascii() and raw.isdecimal()) or len(raw) > 9:
        return None
    return document.versions.filter(number=int(raw)).first()


def file_response(version) -> FileResponse:
    """Stream a version as a download: never shown inline, never sniffed as another type."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=version.filename, content_type=version.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@_or_login
def document_download(request, pk: int):
    document = _visible(request, documents_visible_to(request.user).select_related("current_version"), pk)
    version = version_of(document, request.GET.get("version"))
    if version is None:
        raise Http404
    return file_response(version)


def publication_list(request):
    """Every public document of every group, newest first; no sign-in needed."""
    page = Paginator(publications(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "documents/publications.html", {"page": page, "documents": list(page)})
