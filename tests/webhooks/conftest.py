# The roadmap's fixtures: a consultation open to every company and a company's draft position.
from tests.roadmap.conftest import action, consultation, position  # noqa: F401
