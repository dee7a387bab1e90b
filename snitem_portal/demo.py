"""What seed_demo builds first and hands to each app's seeder."""

import random
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Demo:
    """Demo context: the accounts every app's demo data builds on.

    ``companies[i]``, ``referents[i]`` and ``members[i]`` belong together (0-based index,
    account numbers are 1-based). ``rng`` is seeded, so the data are the same on every run.
    """

    scale: int
    now: datetime
    password_hash: str
    rng: random.Random
    staff: object
    companies: list = field(default_factory=list)
    referents: list = field(default_factory=list)
    members: list = field(default_factory=list)

    @property
    def company_count(self) -> int:
        return len(self.companies)
