from django.urls import path, register_converter

from . import views


class KindConverter:
    regex = "[a-z]{1,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "kind")

app_name = "discussion"

urlpatterns = [
    path("discussions/<kind:kind>/<slug:ref>/", views.thread_page, name="thread"),
    path("discussions/<kind:kind>/<slug:ref>/commenter/", views.comment_post, name="comment-post"),
    path("commentaires/<int:pk>/modifier/", views.comment_edit, name="comment-edit"),
    path("commentaires/<int:pk>/supprimer/", views.comment_delete, name="comment-delete"),
    path("commentaires/<int:pk>/masquer/", views.comment_hide, name="comment-hide"),
]
