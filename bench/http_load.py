"""HTTP throughput benchmark (not a test): the portal under gunicorn against a bare Django floor.

On a scratch PostgreSQL database seeded with ``seed_demo --scale 10`` (500 companies), the portal
runs under gunicorn with production settings (DEBUG off), served over plain HTTP on loopback for
the run only (no TLS redirect, non-secure cookies, no HSTS). As the floor, a bare Django "hello"
view (bench/floor.py) runs under the same gunicorn configuration. The benchmark logs in as
``member.1@demo.example`` through the real login form, then drives each page and endpoint with
``wrk`` for a fixed duration and prints requests/s, median and p99 latency under load, the ratio
of requests/s to the floor's, and the median latency of a single connection (the server time of
one request with nothing else queued). The floor is measured before and after the pages; the
ratio uses their mean.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_http_bench,
dropped and re-created unless BENCH_REUSE_DATABASE=1), BENCH_SCALE (10), BENCH_DURATION (seconds
under load per URL, 10), BENCH_SOLO_DURATION (seconds on one connection per URL, 3),
BENCH_CONNECTIONS (16), BENCH_GUNICORN_ARGS (extra gunicorn arguments, e.g. "--workers 2" or
"--worker-class gthread --threads 4"; both servers get them after gunicorn.conf.py),
BENCH_CACHE_URL (the portal's CACHE_URL, default its own), BENCH_ONLY (comma-separated labels).
"""

import html
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import free_port, production_environment, recreate_database

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_http_bench")
REUSE_DATABASE = os.environ.get("BENCH_REUSE_DATABASE") == "1"
SCALE = int(os.environ.get("BENCH_SCALE", "10"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
SOLO_DURATION = int(os.environ.get("BENCH_SOLO_DURATION", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
GUNICORN_ARGS = shlex.split(os.environ.get("BENCH_GUNICORN_ARGS", ""))
ONLY = {label for label in os.environ.get("BENCH_ONLY", "").split(",") if label}
MEMBER = "member.1@demo.example"
PASSWORD = "demo"  # noqa: S105 (the demo accounts' documented password)


def portal_environment(data_dir: str, port: int) -> dict[str, str]:
    return production_environment(DATABASE_URL, data_dir, port)


def prepare_database() -> dict[str, str]:
    """Migrate, collect static files, load reference data, seed the demo; return the URLs to drive."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from groups.models import Membership
    from roadmap.selectors import consultations_visible_to
    from snitem_portal.users.models import User

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: manifest storage
    if not REUSE_DATABASE:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        began = time.perf_counter()
        call_command("seed_demo", scale=SCALE, force=True, password=PASSWORD, verbosity=0)
        print(f"seed_demo --scale {SCALE}: {time.perf_counter() - began:.1f} s", flush=True)
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production

    member = User.objects.get(email=MEMBER)
    now = timezone.now()
    membership = (
        Membership.objects.active()
        .filter(user=member)
        .annotate(members=Count("group__memberships", filter=Q(group__memberships__status="active")))
        .select_related("group")
        .order_by("-members", "pk")
        .first()
    )
    if membership is None:
        raise SystemExit(f"{MEMBER} belongs to no group: the demo data changed.")
    consultation = (
        consultations_visible_to(member)
        .annotate(positions_count=Count("positions"), open_now=Q(opens_at__lte=now, closes_at__gt=now))
        .order_by("-open_now", "-positions_count", "pk")
        .first()
    )
    if consultation is None:
        raise SystemExit(f"{MEMBER} sees no consultation: the demo data changed.")
    print(
        f"Group page: {membership.group.slug} ({membership.members} active members); "
        f"consultation {consultation.pk} ({consultation.positions_count} positions) on action "
        f"{consultation.action_id}",
        flush=True,
    )
    urls = {
        "dashboard": reverse("dashboard"),
        "groups page": reverse("groups:group-list"),
        "group page": reverse("groups:group-detail", args=[membership.group.slug]),
        "roadmap page": reverse("roadmap:roadmap"),
        "action page": reverse("roadmap:action-detail", args=[consultation.action_id]),
        "consultation page": reverse("roadmap:consultation-detail", args=[consultation.pk]),
        "calls page": reverse("projects:call-list"),
        **{
            f"API {name}": f"/api/v1/{name}/"
            for name in ("groups", "roadmap/actions", "consultations", "positions", "calls", "deadlines")
        },
    }
    connections.close_all()
    return {label: url for label, url in urls.items() if not ONLY or label in ONLY}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str) -> str:
    """Log in through the real login form; return the Cookie header of the session."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    form_url = f"{base}/compte/login/"
    page = opener.open(form_url, timeout=30).read().decode()
    token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    data = urllib.parse.urlencode({"login": MEMBER, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(form_url, data=data, headers={"Referer": form_url})  # noqa: S310 (loopback)
    try:
        opener.open(request, timeout=30)
        raise SystemExit("The login form did not redirect: wrong credentials or a changed form.")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise SystemExit(f"Login: HTTP {redirect.code}") from redirect
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("Login: no session cookie.")
    # The session and CSRF cookies a browser keeps (not the one-off "logged in" message).
    return "; ".join(f"{name}={cookies[name]}" for name in ("sessionid", "csrftoken") if name in cookies)


def check(url: str, cookie: str, warm_up: int = 0) -> float:
    """The page answers 200 to the logged-in member (not a redirect to the login page); return its KiB."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (loopback)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"GET {url}: HTTP {error.code}") from error
    body = response.read()
    for _ in range(warm_up):  # every worker: templates, URL resolvers, connections
        opener.open(request, timeout=60).read()
    return len(body) / 1024


def wrk(url: str, cookie: str, *, connections: int, seconds: int) -> dict:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        str(BENCH / "wrk_report.lua"),
        "--header",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK-JSON "))
    figures = json.loads(line.removeprefix("WRK-JSON "))
    errors = {key: value for key, value in figures.items() if key.endswith("_errors") or key == "timeouts"}
    if any(errors.values()):
        raise SystemExit(f"wrk {url}: {errors}")
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def start_gunicorn(app: str, port: int, env: dict[str, str], *extra: str) -> subprocess.Popen:
    config = ["--config", str(ROOT / "gunicorn.conf.py")] if (ROOT / "gunicorn.conf.py").exists() else []
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        *config,
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        *GUNICORN_ARGS,
        *extra,
        app,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
        except urllib.error.HTTPError:
            return process  # it answers (a 404 or 403 is fine)
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {app} did not start.") from None
            time.sleep(0.2)
        else:
            return process
    raise SystemExit(f"gunicorn {app} did not answer.")


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench-http` installs it (Debian package wrk).")
    data_dir = tempfile.mkdtemp(prefix="snitem-http-bench-")
    port, floor_port = free_port(), free_port()
    env = portal_environment(data_dir, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    if not REUSE_DATABASE:
        recreate_database(DATABASE_URL)
    urls = prepare_database()

    load_before = os.getloadavg()
    floor = start_gunicorn("floor:application", floor_port, env, "--pythonpath", str(BENCH))
    portal = start_gunicorn("snitem_portal.wsgi:application", port, env)
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = login(base)
        floor_url = f"http://127.0.0.1:{floor_port}/"
        check(floor_url, cookie, warm_up=20)
        sizes = {label: check(base + url, cookie, warm_up=20) for label, url in urls.items()}
        print(f"Logged in as {MEMBER}; every URL answers 200. Load average: {load_before[0]:.2f}", flush=True)

        def measure(url: str) -> dict:
            loaded = wrk(url, cookie, connections=CONNECTIONS, seconds=DURATION)
            check(url, cookie)  # requests wrk left queued in the server are served before going on
            solo = wrk(url, cookie, connections=1, seconds=SOLO_DURATION)
            return {**loaded, "solo_p50_us": solo["p50_us"]}

        floors = [measure(floor_url)]
        rows = []
        for label, url in urls.items():
            rows.append((label, url, measure(base + url)))
            print(f"  measured {label}", flush=True)
        floors.append(measure(floor_url))
    finally:
        for process in (portal, floor):
            process.terminate()
            process.wait(timeout=30)
    load_after = os.getloadavg()

    floor_rps = statistics.mean(f["rps"] for f in floors)
    print()
    print(
        f"wrk, {CONNECTIONS} connections for {DURATION} s per URL (then 1 connection for {SOLO_DURATION} s), "
        f"gunicorn {' '.join(GUNICORN_ARGS) or '(gunicorn.conf.py)'}; load average {load_before[0]:.2f} "
        f"before, {load_after[0]:.2f} after"
    )
    header = f"{'request':<20} {'req/s':>8} {'median':>8} {'p99':>8} {'ratio':>6} {'alone':>7} {'KiB':>6}  url"
    print(header)
    print("-" * len(header))
    for name, figures in (("floor (before)", floors[0]), ("floor (after)", floors[1])):
        print(
            f"{name:<20} {figures['rps']:8.0f} {figures['p50_us'] / 1000:8.1f} {figures['p99_us'] / 1000:8.1f} "
            f"{figures['rps'] / floor_rps:6.3f} {figures['solo_p50_us'] / 1000:7.1f} {0:6.1f}  /"
        )
    for label, url, figures in rows:
        print(
            f"{label:<20} {figures['rps']:8.0f} {figures['p50_us'] / 1000:8.1f} {figures['p99_us'] / 1000:8.1f} "
            f"{figures['rps'] / floor_rps:6.3f} {figures['solo_p50_us'] / 1000:7.1f} {sizes[label]:6.1f}  {url}"
        )
    print("(median, p99 and alone: latency in ms; ratio: requests/s over the floor's mean; alone: one connection)")


if __name__ == "__main__":
    main()
