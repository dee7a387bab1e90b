"""Comments go with the object they are about: deleting the object deletes its thread."""

from django.db.models.signals import post_delete

from .registry import targets


def connect_target_cleanup() -> None:
    for kind, target in targets().items():
        post_delete.connect(_cleanup(kind), sender=target.model, weak=False, dispatch_uid=f"discussion-cleanup-{kind}")


def _cleanup(kind: str):
    def delete_thread(sender, instance, **kwargs):
        from .models import Comment

        Comment.objects.on(kind, instance.pk).delete()

    return delete_thread
