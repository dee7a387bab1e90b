"""Demo threads: on working groups, consultations, actions, documents and circulated minutes,
conversations with replies and mentions.

Built from the registry (the discussion app imports no domain app): for each kind, the first
objects with enough readers, in proportion to ``--scale``. Rows are written directly (no
notification is sent for demo data, no rate limit applies); mentions are resolved as for a real
comment, so only people who may read the thread are named.
"""

from datetime import timedelta

from .mentions import handle_of, resolve
from .models import Comment
from .registry import Thread, get_target

THREADS_PER_KIND = 3  # per unit of scale

OPENINGS = {
    "group": "Prochaine réunion : qui présente le retour d'expérience ? @{handle}, tu avais proposé.",
    "consultation": "Notre lecture : le **calendrier** est serré pour les PME. @{handle}, vous partagez ce point ?",
    "action": "Des nouvelles du pilote sur cette action ? @{handle} suit le sujet de près.",
    "document": "Merci pour ce document. @{handle}, la partie 2 correspond-elle à notre discussion ?",
    "minutes": "Une précision au point 2 : la date retenue est le 15. @{handle}, tu confirmes ?",
}
REPLIES = [
    "Oui, je m'en charge. Je partage le support avant la réunion.",
    "Nous partageons ce point, surtout pour les dispositifs de classe IIa.",
    "Voir aussi la [doctrine du numérique en santé](https://esante.gouv.fr/).",
]
SECOND = "Point d'attention : l'*interopérabilité* avec les logiciels de ville reste à préciser."


def seed(*, demo) -> None:
    for kind in OPENINGS:
        target = get_target(kind)
        if target is None:
            continue
        made = 0
        for obj in target.model._default_manager.order_by("pk").iterator():
            if made >= THREADS_PER_KIND * demo.scale:
                break
            if not target.is_open(obj) or Comment.objects.on(kind, obj.pk).exists():
                continue
            people = list(target.audience(obj).filter(is_staff=False).order_by("pk")[:3])
            if len(people) < 3:
                continue
            _thread(Thread(target, obj), people, demo, offset=made)
            made += 1


def _thread(thread: Thread, people: list, demo, *, offset: int) -> None:
    first, second, third = people
    start = demo.now - timedelta(days=6 - offset % 5, hours=3)
    opening = _comment(thread, first, OPENINGS[thread.kind].format(handle=handle_of(second)), at=start)
    _comment(thread, second, REPLIES[offset % len(REPLIES)], at=start + timedelta(hours=2), parent=opening)
    _comment(thread, third, SECOND, at=start + timedelta(days=1))


def _comment(thread: Thread, author, body: str, *, at, parent=None) -> Comment:
    comment = Comment.objects.create(
        kind=thread.kind, object_id=thread.object_id, author=author, body=body, created_at=at, parent=parent
    )
    comment.mentions.set(resolve(body, thread))
    return comment
