"""The think tank's 2020 deliverable, listed as a publication of its group.

The facts name the publication (« Synthèses n°1 », October 2020) and the articles reporting it,
but no public file of it: it is listed without a file, with its source, and never given one here.
The think tank's three themes are its subgroups (groups.reference).
"""

from datetime import datetime

from django.utils.text import slugify

from groups.models import WorkingGroup
from snitem_portal.timefmt import PARIS

from .services import record_reference_publication

KEY = "think-tank-syntheses-1"
# October 2020 is what the facts give; the first of the month stands for it.
PUBLISHED = datetime(2020, 10, 1, tzinfo=PARIS)


def _description(tank: dict) -> str:
    themes = [theme["title"] for theme in tank.get("themes", []) if theme.get("title")]
    lines = [
        f"Publication du {tank['name']} (créé par le {tank['created_by']} en {tank['created']}) : "
        f"{tank['publication']}.",
        "Aucun fichier public connu : la publication est citée d'après sa source.",
    ]
    if themes:
        lines.append("Thèmes : " + " ; ".join(themes))
    return "\n".join(lines)


def load(*, facts: dict, stdout) -> None:
    tank = facts.get("think_tank")
    if not tank or not tank.get("sources"):
        return
    group = WorkingGroup.objects.filter(slug=slugify(tank["name"])[:100]).first()
    if group is None:
        return
    record_reference_publication(
        key=KEY,
        group=group,
        title="Synthèses n°1 du think tank « Numérique, DM et Santé »",
        description=_description(tank),
        source_url=tank["sources"][-1],
        published_at=PUBLISHED,
    )
    stdout.write("Publications: the think tank's 2020 deliverable (without a file).")
