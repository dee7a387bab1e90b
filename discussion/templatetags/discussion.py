"""``{% load discussion %}{% comment_thread object %}``: the discussion of an object, on its page.

Renders nothing for a viewer who may not read the thread (the object's own rule: a group's thread
is its members', an action's is the members' of the portal) or for an object that is not commentable.

``{% comment_thread object visible=True %}``: the page read ``object`` through the thread's own rule
(the target's ``visible_to`` selector, for the same viewer), so it is not asked again. Only where the
page's rule and the thread's are the same: an action's page is public but its thread the members'.
"""

from django import template

from ..presenters import thread_context
from ..registry import Thread, get_target, target_of

register = template.Library()


@register.inclusion_tag("discussion/_thread.html", takes_context=True)
def comment_thread(context, obj, kind: str = "", visible: bool = False):
    request = context.get("request")
    target = get_target(kind) if kind else target_of(obj)
    if request is None or target is None or obj is None or not request.user.is_authenticated:
        return {"thread": None}
    thread = Thread(target, obj)
    if not visible and not thread.visible_to(request.user):
        return {"thread": None}
    return {**thread_context(request, thread), "csrf_token": context.get("csrf_token"), "embedded": True}
