"""``@mentions``: what people type, who it names, and how it shows.

A person is mentioned by ``@`` and their handle: the part of their email address before the
``@`` (``@marie.curie`` for marie.curie@alpha.example), looked for among the people who may read
the thread. When two of them share it, the full address names one (``@marie.curie@alpha.example``).
A mention names someone only if that person may read the thread (the target's own selector says
so); anyone else is neither notified nor highlighted: the text stays as typed.
"""

import re
from collections.abc import Iterable
from html import escape

from django.contrib.auth import get_user_model

from .registry import Thread

MAX_MENTIONS = 20
# "@" not glued to a word before it (an email address in the text is not a mention), then a handle,
# optionally followed by "@domain" (a full address).
MENTION = re.compile(r"(?<![\w@.+-])@([A-Za-z0-9._+-]*[A-Za-z0-9_+-](?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")


def handle_of(user) -> str:
    """What to type after ``@`` to mention ``user``."""
    return user.email.partition("@")[0]


def typed_handles(body: str) -> list[str]:
    """The handles typed in ``body``, lower-cased, first occurrence first (at most ``MAX_MENTIONS``)."""
    return list(dict.fromkeys(match.group(1).lower() for match in MENTION.finditer(body)))[:MAX_MENTIONS]


def resolve(body: str, thread: Thread) -> list:
    """The people ``body`` mentions who may read ``thread`` (active accounts only)."""
    handles = typed_handles(body)
    if not handles:
        return []
    users = get_user_model().objects.filter(is_active=True)
    found = {}
    for handle in handles:
        if "@" in handle:
            candidates = list(users.filter(email__iexact=handle)[:2])
        else:
            candidates = list(thread.target.audience(thread.obj).filter(email__istartswith=f"{handle}@")[:2])
        if len(candidates) == 1 and thread.visible_to(candidates[0]):
            found[candidates[0].pk] = candidates[0]
    return list(found.values())


def highlight(html: str, mentioned: Iterable) -> str:
    """Replace, in the text of sanitised ``html``, each mention of one of ``mentioned`` by their name.

    Only text outside tags changes, and never inside a link or code; other ``@words`` stay as typed.
    """
    names = {}
    for user in mentioned:
        names[user.email.lower()] = user
        names.setdefault(handle_of(user).lower(), user)
    if not names:
        return html

    def replace(match: re.Match) -> str:
        user = names.get(match.group(1).lower())
        if user is None:
            return match.group(0)
        return f'<strong class="mention">@{escape(user.get_full_name())}</strong>'

    parts = re.split(r"(<[^>]*>)", html)
    skip = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if tag and tag.group(1).lower() in {"a", "code", "pre"}:
                skip += -1 if part.startswith("</") else 1
        elif part and skip <= 0:
            parts[index] = MENTION.sub(replace, part)
    return "".join(parts)
