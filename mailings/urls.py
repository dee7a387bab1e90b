from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("lettres/", views.archive, name="archive"),
    path("lettres/<int:pk>/", views.archive_detail, name="archive-detail"),
    path("lettres/equipe/", views.staff_list, name="staff-list"),
    path("lettres/equipe/nouvelle/", views.compose, name="compose"),
    path("lettres/equipe/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("lettres/equipe/<int:pk>/envoyer/", views.send, name="send"),
    path("lettres/equipe/<int:pk>/test/", views.send_test, name="send-test"),
    path("lettres/desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
