from django.urls import path

from . import views, views_requests, views_search

app_name = "groups"

urlpatterns = [
    path("entreprises/<int:pk>/", views.company_detail, name="company-detail"),
    path("entreprises/recherche/", views_search.CompanySearchView.as_view(), name="company-search"),
    path("rattachement/", views.affiliation_request, name="affiliation-request"),
    path("rattachement/<int:pk>/decision/", views.affiliation_decide, name="affiliation-decide"),
    path("rattachement/<int:pk>/annuler/", views.affiliation_withdraw, name="affiliation-withdraw"),
    path("rattachement/<int:pk>/role/", views.affiliation_role, name="affiliation-role"),
    path("demandes/", views_requests.requests_to_decide, name="requests"),
    path("demandes/adhesions/decision/", views_requests.memberships_decide_bulk, name="memberships-decide-bulk"),
    path("groupes/", views.group_list, name="group-list"),
    path("groupes/mon-entreprise/", views.my_company_groups, name="my-company-groups"),
    path("groupes/participations/<int:pk>/decision/", views.membership_decide, name="membership-decide"),
    path("groupes/participations/<int:pk>/role/", views.membership_role, name="membership-role"),
    path("groupes/<slug:slug>/", views.group_detail, name="group-detail"),
    path("groupes/<slug:slug>/rejoindre/", views.group_join, name="group-join"),
    path("groupes/<slug:slug>/quitter/", views.group_leave, name="group-leave"),
    path("groupes/<slug:slug>/reunions/nouvelle/", views.meeting_create, name="meeting-create"),
    path("groupes/<slug:slug>/reunions/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("groupes/<slug:slug>/reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting-edit"),
    path("groupes/<slug:slug>/reunions/<int:pk>/annuler/", views.meeting_cancel, name="meeting-cancel"),
    path("groupes/<slug:slug>/reunions/<int:pk>/reunion.ics", views.meeting_ics, name="meeting-ics"),
]
