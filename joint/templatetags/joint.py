"""``{% joint_link consultation %}``: on a consultation's page, the way to its joint position.

Drafters (chairs of the consultation's group, staff) of a closed consultation are led to write it
(« Rédiger la position commune ») or to it (« Position commune »); readers are led to it once they
may read it (« Lire la position commune »); everyone else sees nothing. The consultation's app
knows nothing of joint positions: its template loads this library.
"""

from django import template

from ..models import JointPosition
from ..permissions import can_draft, is_closed
from ..selectors import joint_positions_visible_to

register = template.Library()


@register.inclusion_tag("joint/_consultation_link.html", takes_context=True)
def joint_link(context, consultation) -> dict:
    user = context["request"].user
    if not is_closed(consultation):
        return {"url": None}
    if can_draft(user, consultation):
        joint = JointPosition.objects.filter(consultation=consultation).first()
        if joint is None:
            return {"url": "edit", "consultation": consultation}
        return {"url": "detail", "consultation": consultation, "joint": joint, "drafter": True}
    joint = joint_positions_visible_to(user).filter(consultation=consultation).first()
    return {"url": "detail" if joint else None, "consultation": consultation, "joint": joint}
