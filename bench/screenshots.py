"""Screenshots of the main pages from the demo data, at desktop and phone widths (not a test).

On a scratch PostgreSQL database with the reference data and the demo (``seed_demo``, as `make run`
seeds it), the portal runs under gunicorn with production settings (DEBUG off, static files from
whitenoise), served over plain HTTP on loopback for the run only. Chromium, driven by Playwright,
signs in through the real login form as each role that sees a page best (visitor, member, referent,
staff), opens each main page and saves what fits in a fixed window: 1280 by 800 (desktop) and
390 by 844 (phone), in French, Paris time. A page whose URL does not exist in this version of the
portal is skipped with a line saying so.

Writes ``docs/screenshots/<page>-desktop.png`` and ``<page>-phone.png`` (the window only, not the
whole page: 20 to 60 KiB each) and prints each file's size.

Environment: SCREENSHOTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_screenshots,
dropped and re-created), SCREENSHOTS_DIR (default docs/screenshots), SCREENSHOTS_ONLY (comma-separated
page names), CHROMIUM_PATH (default /usr/bin/chromium).
"""

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import start_gunicorn
from scratch import free_port, production_environment, recreate_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("SCREENSHOTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_screenshots")
OUTPUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
ONLY = {name for name in os.environ.get("SCREENSHOTS_ONLY", "").split(",") if name}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "demo"  # noqa: S105 (the demo accounts' documented password)
ACCOUNTS = {
    "anonymous": None,
    "member": "member.1@demo.example",
    "referent": "referent.1@demo.example",
    "staff": "staff@demo.example",
}
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@dataclass(frozen=True)
class Shot:
    name: str  # the file's stem
    role: str  # a key of ACCOUNTS
    url_name: str
    args: tuple | None = ()  # None: the demo data has nothing to show there
    scroll_to: str = ""  # a CSS selector scrolled to the top of the window (the part worth showing)


def environment(data_dir: str, port: int) -> dict[str, str]:
    return production_environment(DATABASE_URL, data_dir, port)


def prepare() -> list[tuple[Shot, str]]:
    """Migrate, collect static files, load the reference data and the demo; return each shot with its URL."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import BooleanField, Count, ExpressionWrapper, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from groups.models import Membership
    from projects.models import Call
    from roadmap.enums import PositionStatus
    from roadmap.selectors import consultations_visible_to
    from snitem_portal.users.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: manifest storage
    call_command("load_reference_data", verbosity=0)
    call_command("seed_demo", force=True, password=PASSWORD, verbosity=0)

    member = User.objects.get(email=ACCOUNTS["member"])
    now = timezone.now()
    membership = (
        Membership.objects.active()
        .filter(user=member)
        .annotate(members=Count("group__memberships", filter=Q(group__memberships__status="active")))
        .select_related("group")
        .order_by("-members", "pk")
        .first()
    )
    # The consultation with a synthesis worth showing: closed, with the most submitted positions.
    consultation = (
        consultations_visible_to(member)
        .annotate(
            submitted=Count("positions", filter=Q(positions__status=PositionStatus.SUBMITTED)),
            closed=ExpressionWrapper(Q(closes_at__lte=now), output_field=BooleanField()),
        )
        .order_by("-closed", "-submitted", "pk")
        .first()
    )
    call = Call.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at").first()
    call = call or Call.objects.order_by("-closes_at").first()
    shots = [
        Shot("landing", "anonymous", "landing"),
        Shot("dashboard", "referent", "dashboard"),
        Shot("groups", "member", "groups:group-list"),
        Shot("group", "member", "groups:group-detail", (membership.group.slug,) if membership else None),
        Shot("roadmap", "member", "roadmap:roadmap"),
        Shot("action", "member", "roadmap:action-detail", (consultation.action_id,) if consultation else None),
        Shot(
            "consultation",
            "member",
            "roadmap:consultation-detail",
            (consultation.pk,) if consultation else None,
            scroll_to="#synthesis-title",
        ),
        Shot("calls", "member", "projects:call-list"),
        Shot("call", "referent", "projects:call-detail", (call.slug,) if call else None),
        Shot("publications", "member", "documents:publications"),
    ]
    found = []
    for shot in shots:
        if ONLY and shot.name not in ONLY:
            continue
        if shot.args is None:
            print(f"  skipped {shot.name}: the demo data has nothing to show there", flush=True)
            continue
        try:
            found.append((shot, reverse(shot.url_name, args=shot.args)))
        except NoReverseMatch:
            print(f"  skipped {shot.name}: no page {shot.url_name} in this version of the portal", flush=True)
    connections.close_all()
    return found


def sign_in(context, base: str, email: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/compte/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    if "/compte/login/" in page.url:
        raise SystemExit(f"{email} could not sign in.")
    page.close()


def take(shots: list[tuple[Shot, str]], base: str) -> list[tuple[Path, int]]:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for role, email in ACCOUNTS.items():
            mine = [(shot, url) for shot, url in shots if shot.role == role]
            if not mine:
                continue
            for width_name, viewport in WIDTHS.items():
                context = browser.new_context(
                    viewport=viewport,
                    locale="fr-FR",
                    timezone_id="Europe/Paris",
                    device_scale_factor=1,
                    reduced_motion="reduce",  # no smooth scrolling half-way through a shot
                )
                if email:
                    sign_in(context, base, email)
                page = context.new_page()
                for shot, url in mine:
                    response = page.goto(base + url)
                    if response is None or response.status != 200:
                        raise SystemExit(f"GET {url} as {role}: HTTP {response and response.status}")
                    page.evaluate("document.fonts.ready")
                    target = page.locator(shot.scroll_to) if shot.scroll_to else None
                    if target is not None and target.count():
                        target.evaluate("element => element.scrollIntoView({behavior: 'instant'})")
                    path = OUTPUT / f"{shot.name}-{width_name}.png"
                    page.screenshot(path=path, animations="disabled", caret="hide")
                    written.append((path, path.stat().st_size))
                    print(f"  {path.name}: {path.stat().st_size / 1024:.0f} KiB ({role}, {url})", flush=True)
                context.close()
        browser.close()
    return written


def main() -> None:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).")
    data_dir = tempfile.mkdtemp(prefix="snitem-screenshots-")
    for folder in ("celery-queue", "celery-processed", "celery-control"):  # the broker's folders, as `make run`
        Path(data_dir, folder).mkdir()  # makes them: tasks the demo queues wait there, unsent
    port = free_port()
    env = environment(data_dir, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    recreate_database(DATABASE_URL)
    shots = prepare()
    portal = start_gunicorn("snitem_portal.wsgi:application", port, env)
    try:
        written = take(shots, f"http://127.0.0.1:{port}")
    finally:
        portal.terminate()
        portal.wait(timeout=30)
    total = sum(size for _path, size in written)
    print(f"{len(written)} screenshots in {OUTPUT}, {total / 1024:.0f} KiB in all.")


if __name__ == "__main__":
    main()
