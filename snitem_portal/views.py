from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from groups.models import WorkingGroup
from groups.selectors import active_companies, member_affiliation
from projects.selectors import calls_for_list
from roadmap.selectors import orientations_with_progress, roadmaps

from . import accessibility
from .dashboard import dashboard_panels
from .http import safe_next_url
from .services import regenerate_api_token, revoke_api_token
from .tokens import token_expires_at


def landing(request):
    """Public home: what the portal is, the working groups, the roadmap overview."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    groups = WorkingGroup.objects.filter(parent=None, is_active=True).order_by("position", "name")
    first_roadmap = roadmaps().first()
    return render(
        request,
        "landing.html",
        {
            "groups": groups,
            "company_count": active_companies().count(),
            "roadmap": first_roadmap,
            "orientations": orientations_with_progress(first_roadmap) if first_roadmap else [],
            "open_calls": [c for c in calls_for_list(request.user, now=timezone.now())[:10] if c.is_open],
        },
    )


@login_required
def dashboard(request):
    return render(
        request,
        "dashboard.html",
        {"panels": dashboard_panels(request), "affiliation": member_affiliation(request.user)},
    )


def accessibility_statement(request):
    """The accessibility statement (RGAA): what is tested, how, and what is known not to conform."""
    return render(request, "accessibility.html", accessibility.statement())


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (files, the API docs): send them the portal's."""
    return redirect(static("img/favicon.svg"), permanent=True)


@require_POST
def set_language(request):
    """Switch the interface language; a logged-in user's choice is kept in their profile."""
    language = request.POST.get("language", "")
    response = redirect(safe_next_url(request, "/"))
    if language in {"fr", "en"} and check_for_language(language):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie("django_language", language, samesite="Lax", secure=request.is_secure())
    return response


@login_required
def api_token(request):
    """Show, create or revoke the user's API token."""
    token = Token.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_api_token(user=request.user)
            token = None
        else:
            token = regenerate_api_token(user=request.user)
    context = {"token": token, "expires_at": token_expires_at(token) if token else None}
    return render(request, "account/api_token.html", context)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def api_not_found(request, *args, **kwargs):
    return JsonResponse({"detail": _("Pas trouvé.")}, status=404)


def error_404(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Pas trouvé.")}, status=404)
    return render(request, "errors/404.html", status=404)


def error_500(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Erreur du serveur.")}, status=500)
    return render(request, "errors/500.html", status=500)
