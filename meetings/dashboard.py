"""Dashboard panels: my action items, meetings waiting for my answer, minutes circulated for review."""

from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel, first_rows

from .selectors import meetings_awaiting_answer, minutes_for_review, open_action_items_of


def panels(request) -> list[Panel]:
    user = request.user
    result = []
    # Querysets that are .none() (no group, no account) cost no query.
    items, total = first_rows(open_action_items_of(user))
    if items:
        result.append(
            Panel(
                title=_("Mes actions"),
                template="meetings/panels/my_action_items.html",
                context={"items": items, "more": total - len(items)},
                order=20,
                action_count=total,
            )
        )
    meetings, total = first_rows(meetings_awaiting_answer(user))
    if meetings:
        result.append(
            Panel(
                title=_("Réunions en attente de ma réponse"),
                template="meetings/panels/awaiting_answer.html",
                context={"meetings": meetings, "more": total - len(meetings)},
                order=21,
                action_count=total,
            )
        )
    minutes, total = first_rows(minutes_for_review(user))
    if minutes:
        result.append(
            Panel(
                title=_("Comptes rendus à relire"),
                template="meetings/panels/minutes_for_review.html",
                context={"minutes": minutes, "more": total - len(minutes)},
                order=22,
            )
        )
    return result
