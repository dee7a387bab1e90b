from django.urls import path

from . import views

app_name = "meetings"

MEETING = "groupes/<slug:slug>/reunions/<int:pk>/"

urlpatterns = [
    path(MEETING + "inscription/", views.register, name="register"),
    path(MEETING + "inscriptions/", views.registration_list, name="registrations"),
    path(MEETING + "ordre-du-jour/", views.agenda_edit, name="agenda"),
    path(MEETING + "presences/", views.attendance_edit, name="attendance"),
    path(MEETING + "presences/feuille/", views.attendance_sheet, name="attendance-sheet"),
    path(MEETING + "presences/feuille.xlsx", views.attendance_export, name="attendance-export"),
    path(MEETING + "compte-rendu/", views.minutes_page, name="minutes"),
    path(MEETING + "actions/", views.action_item_add, name="action-item-add"),
    path(MEETING + "actions/<int:item>/statut/", views.action_item_status, name="action-item-status"),
]
