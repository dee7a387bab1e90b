"""What search finds of the association's joint positions (see search.registry): their text, under
the consultation's question, for those who may read them (``joint_positions_visible_to``)."""

from django.utils.text import capfirst

from roadmap.models import Consultation
from search.registry import SearchSource

from .models import JointPosition
from .selectors import joint_positions_visible_to


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="joint_position",
            label=capfirst(JointPosition._meta.verbose_name_plural),
            model=JointPosition,
            objects=lambda: JointPosition.objects.select_related("consultation"),
            visible=joint_positions_visible_to,
            title=lambda joint: joint.consultation.question,
            body=lambda joint: joint.text,
            # The consultation's question is the title.
            follows=((Consultation, lambda consultation: JointPosition.objects.filter(consultation=consultation)),),
        ),
    ]
