from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DocumentViewSet, GroupDocumentsView

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-document")

urlpatterns = [
    path("groups/<slug:slug>/documents/", GroupDocumentsView.as_view(), name="api-group-documents"),
    *router.urls,
]
