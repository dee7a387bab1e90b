from django.urls import path, re_path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("feuille-de-route/", views.roadmap, name="roadmap"),
    path("feuille-de-route/actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("feuille-de-route/actions/<int:pk>/suivre/", views.action_follow, name="action-follow"),
    path("feuille-de-route/actions/<int:pk>/mise-a-jour/", views.action_update, name="action-update"),
    path("feuille-de-route/<slug:slug>/", views.roadmap, name="roadmap-detail"),
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("consultations/nouvelle/", views.consultation_create, name="consultation-create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("consultations/<int:pk>/soumettre/", views.position_submit, name="position-submit"),
    path("consultations/<int:pk>/questions/", views.consultation_questions, name="consultation-questions"),
    path("entreprises/<int:pk>/positions/", views.company_positions, name="company-positions"),
    re_path(
        r"^consultations/(?P<pk>[0-9]+)/synthese\.(?P<fmt>csv|xlsx)$",
        views.synthesis_export,
        name="synthesis-export",
    ),
]
