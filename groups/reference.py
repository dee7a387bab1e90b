"""Initial working groups: the four themes of the Snitem 2020 report and the think tank."""

from django.utils.text import slugify

from .models import WorkingGroup

SNITEM_REPORT = "Snitem, rapport annuel 2020 — « Numérique en santé : la feuille de route numérique »"

# (report theme, matching CNS working group in the facts, description, subgroups)
THEMES = [
    (
        "Évaluation des solutions numériques",
        "Évaluation des bénéfices de la e-santé",
        "Méthodes d'évaluation des dispositifs médicaux numériques et connectés, et de leurs bénéfices.",
        ["Évaluation clinique et médico-économique", "Indicateurs de qualité rapportés par les patients"],
    ),
    (
        "Développement économique en France et à l'international",
        "Développement économique en France et à l'international des entreprises françaises",
        "Développement économique des entreprises françaises en France et à l'international, "
        "en lien avec les travaux du Comité stratégique de filière.",
        ["Accès au marché français", "Export et international"],
    ),
    (
        "Formation",
        "Formation au numérique en santé",
        "Recensement des formations e-santé existantes, « Welcome pack numérique », charte qualité "
        "des formations numériques.",
        ["Recensement des formations e-santé", "Charte qualité des formations numériques"],
    ),
    (
        "Fracture numérique",
        "Fracture numérique & e-santé",
        "Accès des usagers à l'accompagnement numérique, cartographie de la couverture numérique "
        "face à l'offre de santé, bilan des compétences numériques.",
        ["Accompagnement numérique des usagers", "Cartographie couverture numérique et offre de santé"],
    ),
]

# The think tank's three themes as the Snitem 2020 report words them (the first one is also
# confirmed by the facts' sources, the others only by the report).
THINK_TANK_THEMES = [
    (
        "Le patient au cœur de la qualité et de la pertinence des soins",
        "Les indicateurs de qualité rapportés par les patients (PREM et PROM), mesurés grâce aux "
        "dispositifs médicaux connectés.",
    ),
    (
        "Suivi des maladies chroniques grâce aux applis en santé",
        "Comment les applis numériques vont aider les acteurs dans le parcours de soins.",
    ),
    (
        "eSanté et intégration : répondre aux besoins d'efficience",
        "Plateformes de partage numérique en santé.",
    ),
]


def _upsert(*, name: str, parent, description: str, source_url: str, position: int, is_open: bool):
    """Create or refresh a group by slug; its sourced text is refreshed, while the settings staff
    may change (open/moderated, order) are only set at creation."""
    group, _created = WorkingGroup.objects.update_or_create(
        slug=slugify(name)[:100],
        defaults={
            "name": name,
            "parent": parent,
            "description": description,
            "source_url": source_url,
        },
        create_defaults={
            "name": name,
            "parent": parent,
            "description": description,
            "source_url": source_url,
            "position": position,
            "is_open": is_open,
        },
    )
    return group


def load(*, facts: dict, stdout) -> None:
    sources = {group["name"]: group["source"][0] for group in facts["working_groups"]}
    for position, (name, fact_name, description, subgroups) in enumerate(THEMES, start=1):
        theme = _upsert(
            name=name,
            parent=None,
            description=description,
            source_url=sources.get(fact_name, ""),
            position=position,
            is_open=True,
        )
        for sub_position, sub_name in enumerate(subgroups, start=1):
            _upsert(
                name=sub_name,
                parent=theme,
                description="",
                source_url=theme.source_url,
                position=sub_position,
                is_open=True,
            )
    think_tank = facts["think_tank"]
    tank = _upsert(
        name=think_tank["name"],
        parent=None,
        description=(f"Créé par le Snitem en {think_tank['created']} ; publication : {think_tank['publication']}."),
        source_url=think_tank["sources"][-1],
        position=len(THEMES) + 1,
        is_open=False,
    )
    for number, (name, description) in enumerate(THINK_TANK_THEMES, start=1):
        _upsert(
            name=name,
            parent=tank,
            description=f"{description}\nSource : {SNITEM_REPORT}.",
            source_url=tank.source_url,
            position=number,
            is_open=False,
        )
    stdout.write(f"Working groups: {WorkingGroup.objects.count()}.")
