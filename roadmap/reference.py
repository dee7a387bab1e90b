"""The sourced roadmaps: 2019 « Accélérer le virage numérique » and the 2023-2027 axes.

Only actions whose title a source gives are loaded (numbers without a sourced title are left
out rather than invented). Every record keeps its ``source_url``. Idempotent: records are
matched on (roadmap, number) and updated in place; status, progress and owners edited by staff
are kept.
"""

import re
from datetime import date

from .models import Action, Orientation, Roadmap

_ACRONYM = re.compile(r"^([A-Z][A-Z_]{1,15})\b")


def _first_url(source) -> str:
    if not source:
        return ""
    if isinstance(source, list):
        source = source[0]
    return source.split(" ; ")[0].strip()[:500]


def _owner(raw: str | None) -> str:
    """The owner body's acronym (« DGOS », « DNS ») from the facts' longer description."""
    if not raw:
        return ""
    match = _ACRONYM.match(raw)
    return match.group(1) if match else raw[:200]


def _roadmap(*, slug: str, title: str, short_title: str, published_on, division_label, source_url, position):
    roadmap, _created = Roadmap.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "short_title": short_title,
            "published_on": published_on,
            "division_label": division_label,
            "source_url": source_url,
            "position": position,
        },
    )
    return roadmap


def _orientation(roadmap: Roadmap, *, number: int, title: str, source_url: str) -> Orientation:
    orientation, _created = Orientation.objects.update_or_create(
        roadmap=roadmap, number=number, defaults={"title": title, "source_url": source_url}
    )
    return orientation


def load(*, facts: dict, stdout) -> None:
    facts_2019 = facts["roadmap"]
    roadmap = _roadmap(
        slug="2019",
        title=facts_2019["title"],
        short_title="Feuille de route 2019",
        published_on=date.fromisoformat(facts_2019["published"]),
        division_label="Orientation",
        source_url=_first_url(facts_2019["sources"]),
        position=1,
    )
    actions = 0
    for item in facts_2019["orientations"]:
        orientation = _orientation(
            roadmap, number=item["number"], title=item["title"], source_url=_first_url(item["source"])
        )
        for fact in item["actions"]:
            if not fact.get("title") or not fact.get("source"):
                continue
            Action.objects.update_or_create(
                roadmap=roadmap,
                number=fact["number"],
                defaults={
                    "orientation": orientation,
                    "title": fact["title"][:400],
                    "source_url": _first_url(fact["source"]),
                },
                create_defaults={
                    "orientation": orientation,
                    "title": fact["title"][:400],
                    "source_url": _first_url(fact["source"]),
                    "owner": _owner(fact.get("owner")),
                },
            )
            actions += 1
    facts_2023 = facts["roadmap_2023_2027"]
    roadmap_2023 = _roadmap(
        slug="2023-2027",
        title=facts_2023["title"],
        short_title="Feuille de route 2023-2027",
        published_on=date.fromisoformat(facts_2023["launched"]),
        division_label="Axe",
        source_url=_first_url(facts_2023["sources"]),
        position=2,
    )
    for axis in facts_2023["axes"]:
        _orientation(
            roadmap_2023,
            number=axis["number"],
            title=axis["title"],
            source_url=_first_url(facts_2023["sources"]),
        )
    stdout.write(
        f"Roadmaps: 2019 ({len(facts_2019['orientations'])} orientations, {actions} sourced actions), "
        f"2023-2027 ({len(facts_2023['axes'])} axes)."
    )
