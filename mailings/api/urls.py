from django.urls import path

from .views import MailingCreateView, MailingDetailView, MailingSendView

urlpatterns = [
    path("mailings/", MailingCreateView.as_view(), name="api-mailing-create"),
    path("mailings/<int:pk>/", MailingDetailView.as_view(), name="api-mailing-detail"),
    path("mailings/<int:pk>/send/", MailingSendView.as_view(), name="api-mailing-send"),
]
