from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import health, privacy_views, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.landing, name="landing"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("langue/", views.set_language, name="set-language"),
    path("accessibilite/", views.accessibility_statement, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("compte/jeton-api/", views.api_token, name="api-token"),
    path("compte/mes-donnees/", privacy_views.my_data, name="privacy-my-data"),
    path("compte/mes-donnees/telecharger/", privacy_views.export_my_data, name="privacy-export"),
    path("compte/supprimer/", privacy_views.close_my_account, name="privacy-close-account"),
    path("confidentialite/", privacy_views.privacy_policy, name="privacy-policy"),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("snitem_portal.api.urls")),
    # Any other /api/ path: a JSON 404 in debug mode too (handler404 only serves with debug off).
    re_path(r"^api/", views.api_not_found),
    path("", include("groups.urls")),
    path("", include("roadmap.urls")),
    path("", include("projects.urls")),
    path("", include("meetings.urls")),
    path("", include("inbox.urls")),  # before reminders: /notifications/ is the list, preferences below it
    path("", include("reminders.urls")),
    path("", include("search.urls")),
    path("", include("documents.urls")),
    path("", include("discussion.urls")),
    path("", include("joint.urls")),
    path("", include("mailings.urls")),
]

handler403 = "snitem_portal.views.error_403"
handler404 = "snitem_portal.views.error_404"
handler500 = "snitem_portal.views.error_500"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
