from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("groupes/<slug:slug>/documents/", views.group_documents, name="group-library"),
    path("groupes/<slug:slug>/documents/nouveau/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/modifier/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/versions/", views.version_upload, name="version-upload"),
    path("documents/<int:pk>/telecharger/", views.document_download, name="document-download"),
    path("publications/", views.publication_list, name="publications"),
]
