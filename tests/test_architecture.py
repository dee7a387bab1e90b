"""Imports between apps run one way, as docs/architecture.md draws them; no module grows past 500 lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = {
    "groups",
    "roadmap",
    "projects",
    "reminders",
    "meetings",
    "webhooks",
    "documents",
    "search",
    "inbox",
    "discussion",
    "joint",
    "mailings",
}

# What each package may import among the domain apps. groups is the base (who belongs where);
# roadmap builds on it; projects links laureates to roadmap actions; reminders is the engine
# every app plugs its deadlines into, so it imports none of them; webhooks, like reminders, is told
# of events by the apps and knows none of them.
ALLOWED = {
    "groups": {"reminders", "webhooks", "search", "discussion"},
    "roadmap": {"groups", "reminders", "webhooks", "search", "discussion"},
    "projects": {"groups", "roadmap", "reminders", "webhooks", "search"},
    "reminders": set(),
    # meetings: a meeting's workspace (agenda, answers, attendance, minutes, action items) on groups'
    # meetings; agenda items link roadmap actions and consultations; action items are deadlines.
    "meetings": {"groups", "roadmap", "reminders", "search", "discussion"},
    "webhooks": set(),
    # joint: the association's position on a closed consultation, quoting its shared positions.
    "joint": {"groups", "roadmap", "reminders", "webhooks", "search", "discussion"},
    # search, like reminders, is told by each app what it may search and who sees it, and knows none of them.
    "search": set(),
    # documents: a group's library and the publications; it builds on groups only.
    "documents": {"groups", "reminders", "search", "discussion"},
    # inbox, the notification centre, is plugged into notify by settings; like reminders it knows no domain
    # app (kinds are declared by template name) and reads reminders' sign-off rule and preferences page.
    "inbox": {"reminders"},
    # mailings: staff mailings to segments of groups' members, delivered through a ledger like reminders'.
    "mailings": {"groups", "reminders"},
    # discussion, like reminders, is told by each app (its comments.py) what can be commented and
    # who reads it, and knows none of them.
    "discussion": {"search"},
    "snitem_portal/users": set(),
}
# The project package's shared pieces import no domain app; only its wiring does (root urls,
# settings, the landing page, the header context, the /me/ API, the API's member permission and
# the commands that load or seed every app's data, the privacy page stating each app's retention).
SNITEM_PORTAL_WIRING = {
    "urls.py",
    "privacy_views.py",
    "settings.py",
    "views.py",
    "context_processors.py",
    "api/serializers.py",
    "api/permissions.py",
    "management",
    "demo.py",
}


def _python_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & DOMAIN_APPS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_app_imports_only_the_apps_below_it(package):
    own = package.split("/")[0]
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imported_apps(path) - ALLOWED[package] - {own})
        for path in _python_files(package)
    }

    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_project_package_shared_pieces_import_no_domain_app():
    wrong = {}
    for path in _python_files("snitem_portal"):
        relative = path.relative_to(ROOT / "snitem_portal")
        if (
            relative.parts[0] == "users"
            or str(relative) in SNITEM_PORTAL_WIRING
            or relative.parts[0] in SNITEM_PORTAL_WIRING
        ):
            continue
        if apps := _imported_apps(path):
            wrong[str(relative)] = sorted(apps)

    assert wrong == {}


def test_no_module_over_500_lines():
    packages = ["snitem_portal", *sorted(DOMAIN_APPS)]
    long = {
        str(path.relative_to(ROOT)): length
        for package in packages
        for path in _python_files(package)
        if (length := len(path.read_text().splitlines())) > 500
    }

    assert long == {}
