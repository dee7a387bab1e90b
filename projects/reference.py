"""Past Health Data Hub calls (2019, 2020) as closed, decided calls with their published laureates."""

from datetime import datetime, time

from django.db import transaction

from snitem_portal.timefmt import PARIS

from .enums import CallStatus, Outcome, SubmissionStatus
from .models import Call, DeadlineChange, Submission


def _at(day: str, clock: time) -> datetime:
    return datetime.combine(datetime.fromisoformat(day).date(), clock, tzinfo=PARIS)


def _parse(value: str, *, default_time: time) -> datetime:
    """A fact's date, or date and time, in Paris time. The facts give the time only when it is known."""
    if "T" in value:
        return datetime.fromisoformat(value).replace(tzinfo=PARIS)
    return _at(value, default_time)


# Facts give days only; a day's call is taken as open from 00:00 and closing at 23:59 Paris time.
OPENING, CLOSING = time(0, 0), time(23, 59)

CALLS = {
    2019: {
        "slug": "hdh-2019",
        "funder": "Health Data Hub (mission de préfiguration, DREES)",
        "announced": "2019-04-16",
    },
    2020: {
        "slug": "hdh-2020-grand-defi-ia",
        "funder": ("Health Data Hub, Grand Défi « IA et diagnostic médical » (Conseil de l'innovation), Bpifrance"),
        # The Snitem 2020 report gives 9 July 2020; the exact day is otherwise not confirmed.
        "announced": "2020-07-09",
        "initial_close": "2020-03-24",
    },
}


def _description(fact: dict) -> str:
    lines = []
    for key, label in (
        ("partners", "Partenaires"),
        ("selection", "Sélection"),
        ("funding", "Financement"),
        ("deadline_note", "Date limite"),
        ("applications_note", "Candidatures"),
        ("laureates_announced", "Annonce des lauréats"),
        ("announced_by", "Annoncés par"),
        ("conventions_signed", "Conventions signées"),
    ):
        if fact.get(key):
            lines.append(f"{label} : {fact[key]}")
    return "\n".join(lines)


@transaction.atomic
def load(*, facts: dict, stdout) -> None:
    """Create or update the HDH calls and their laureates; running it again changes nothing."""
    for fact in facts.get("hdh_calls", []):
        meta = CALLS.get(fact["year"])
        if meta is None:
            continue
        call, _created = Call.objects.update_or_create(
            slug=meta["slug"],
            defaults={
                "title": fact["title"],
                "funder": meta["funder"],
                "description": _description(fact),
                "opens_at": _parse(fact["opened"], default_time=OPENING),
                "closes_at": _parse(fact["closed"], default_time=CLOSING),
                "status": CallStatus.DECIDED,
                "applications_received": fact.get("applications"),
                "sources": "\n".join(fact.get("sources", [])),
            },
        )
        if meta.get("initial_close"):
            DeadlineChange.objects.get_or_create(
                call=call,
                new_closes_at=call.closes_at,
                defaults={
                    "old_closes_at": _at(meta["initial_close"], CLOSING),
                    "reason": ("Report exceptionnel en raison de la situation sanitaire (cahier des charges V2)."),
                },
            )
        announced = _at(meta["announced"], time(12, 0))
        for laureate in fact.get("laureates", []):
            Submission.objects.update_or_create(
                call=call,
                company=None,
                title=laureate["name"],
                defaults={
                    "holder": laureate.get("holder") or "",
                    "summary": laureate.get("summary") or "",
                    "status": SubmissionStatus.LAUREATE,
                    "decision": Outcome.LAUREATE,
                    "decision_published_at": announced,
                    "created_at": announced,
                    "updated_at": announced,
                },
            )
        stdout.write(f"Call {call.slug}: {len(fact.get('laureates', []))} laureates.")
