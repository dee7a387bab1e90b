from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("entreprises/<int:pk>/", views.company_detail, name="company-detail"),
    path("rattachement/", views.affiliation_request, name="affiliation-request"),
    path("rattachement/<int:pk>/decision/", views.affiliation_decide, name="affiliation-decide"),
    path("rattachement/<int:pk>/role/", views.affiliation_role, name="affiliation-role"),
]
