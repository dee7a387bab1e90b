from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .root import ApiRootView
from .views import MeDeleteView, MeExportView, MeView, TokenView

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", TokenView.as_view(), name="api-token-obtain"),
    path("me/", MeView.as_view(), name="api-me"),
    path("me/export/", MeExportView.as_view(), name="api-me-export"),
    path("me/delete/", MeDeleteView.as_view(), name="api-me-delete"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("groups.api.urls")),
    path("", include("roadmap.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("search.api.urls")),
    path("", include("inbox.api.urls")),
    path("", include("documents.api.urls")),
    path("", include("discussion.api.urls")),
    path("", include("joint.api.urls")),
    path("", include("mailings.api.urls")),
]
