"""``{% load discussion %}{% comment_thread object %}``: the discussion of an object, on its page.

Renders nothing for a viewer who may not read the thread (the object's own rule: a group's thread
is its members', an action's is the members' of the portal) or for an object that is not commentable.

``{% comment_thread object visible=answer %}``: the page already knows, by the thread's own rule,
whether the viewer reads the thread (it read ``object`` through the target's ``visible_to`` selector:
``True``; or it holds the same answer for the object it shows, e.g. the group page's private part,
which is the group thread's rule), so the target is not asked again. Without it, the target is asked.
"""

from django import template

from ..presenters import thread_context
from ..registry import Thread, get_target, target_of

register = template.Library()


@register.inclusion_tag("discussion/_thread.html", takes_context=True)
def comment_thread(context, obj, kind: str = "", visible: bool | None = None):
    request = context.get("request")
    target = get_target(kind) if kind else target_of(obj)
    if request is None or target is None or obj is None or not request.user.is_authenticated:
        return {"thread": None}
    thread = Thread(target, obj)
    if not (thread.visible_to(request.user) if visible is None else visible):
        return {"thread": None}
    return {**thread_context(request, thread), "csrf_token": context.get("csrf_token"), "embedded": True}
