from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("appels/", views.call_list, name="call-list"),
    path("appels/<slug:slug>/", views.call_detail, name="call-detail"),
    path("appels/<slug:slug>/laureats/", views.call_laureates, name="call-laureates"),
    path("appels/<slug:slug>/candidater/", views.submission_create, name="submission-create"),
    path("appels/<slug:slug>/jury/", views.call_jury, name="call-jury"),
    path("appels/<slug:slug>/classement/", views.call_ranking, name="call-ranking"),
    path("appels/<slug:slug>/publier/", views.call_publish, name="call-publish"),
    path("appels/<slug:slug>/date-limite/", views.call_deadline, name="call-deadline"),
    path("appels/<slug:slug>/export.<str:fmt>", views.call_export, name="call-export"),
    path("candidatures/", views.my_submissions, name="my-submissions"),
    path("candidatures/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("candidatures/<int:pk>/deposer/", views.submission_submit, name="submission-submit"),
    path("candidatures/<int:pk>/retirer/", views.submission_withdraw, name="submission-withdraw"),
    path("candidatures/<int:pk>/rouvrir/", views.submission_reopen, name="submission-reopen"),
    path("candidatures/<int:pk>/pieces-jointes/", views.attachment_upload, name="attachment-upload"),
    path("candidatures/<int:pk>/copie-deposee/", views.submission_snapshot, name="submission-snapshot"),
    path("candidatures/<int:pk>/evaluation/", views.submission_review, name="submission-review"),
    path("candidatures/<int:pk>/decision/", views.submission_decide, name="submission-decide"),
    path("candidatures/<int:pk>/prolongation/", views.submission_extension, name="submission-extension"),
    path("partenariats/<int:pk>/", views.partnership_answer, name="partnership-answer"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("pieces-jointes/<int:pk>/supprimer/", views.attachment_delete, name="attachment-delete"),
]
