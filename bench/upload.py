"""Benchmark of a large upload end to end (not a test): a 20 MB PDF through the documents API.

The portal runs under gunicorn (gunicorn.conf.py, production settings, DEBUG off) on a scratch
PostgreSQL database, over plain HTTP on loopback. A chair of a group, signed in with an API token,
sends ``POST /api/v1/groups/{slug}/documents/`` (multipart: title, visibility, file) N times, then
``POST /api/v1/documents/{id}/versions/`` N times, then downloads the 20 MB file N times. Each
upload goes the whole way: the request body through gunicorn, Django's multipart parser (a
temporary file on disk), the content check (``documents.filetypes``), the write into the private
folder and the rows. The file is a valid PDF: one page and a stream of random bytes.

Prints, per operation: median, min and max seconds, and the throughput at the median.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/snitem_upload_bench,
dropped and re-created), BENCH_UPLOADS (default 5), BENCH_SIZE_MB (default 20).
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import free_port, production_environment, recreate_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snitem_upload_bench")
UPLOADS = int(os.environ.get("BENCH_UPLOADS", "5"))
SIZE_MB = float(os.environ.get("BENCH_SIZE_MB", "20"))
EMAIL = "chair@upload.example"
PASSWORD = "upload-bench-password"  # noqa: S105 (a scratch account of this benchmark)


def environment(data_dir: str, port: int) -> dict[str, str]:
    return production_environment(DATABASE_URL, data_dir, port)


def prepare() -> str:
    """Migrate; a company, its chair of one group with an API token. Returns the token."""
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from groups.enums import GroupRole, MembershipStatus
    from groups.models import Affiliation, Company, Membership, WorkingGroup
    from snitem_portal.users.models import User

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    company = Company.objects.create(name="Banc d'essai SA", siren="552100554")
    user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Claire Banc")
    Affiliation.objects.create(user=user, company=company, status="approved")
    group = WorkingGroup.objects.create(name="Banc d'essai", slug="banc-essai")
    Membership.objects.create(user=user, group=group, role=GroupRole.CHAIR, status=MembershipStatus.ACTIVE)
    return Token.objects.create(user=user).key


def wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def timed(label: str, call) -> tuple[str, list[float]]:
    timings = []
    for _ in range(UPLOADS):
        began = time.perf_counter()
        call()
        timings.append(time.perf_counter() - began)
    print(f"  measured {label}", flush=True)
    return label, timings


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="snitem-upload-bench-")
    port = free_port()
    os.environ.update(environment(data_dir, port))
    sys.path.insert(0, str(ROOT))
    recreate_database(DATABASE_URL)
    token = prepare()

    from documents.demo import minimal_pdf

    size = int(SIZE_MB * 1024 * 1024)
    content = minimal_pdf("Banc d'essai", padding=os.urandom(size - 700))
    print(f"File: valid PDF of {len(content) / (1024 * 1024):.2f} MiB", flush=True)

    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "snitem_portal.wsgi",
        ],
        cwd=ROOT,
        env=environment(data_dir, port),
    )
    try:
        wait_for(f"{base}/healthz", server)
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        created = []

        def create():
            response = session.post(
                f"{base}/api/v1/groups/banc-essai/documents/",
                data={"title": "Gros document", "visibility": "group"},
                files={"file": ("gros.pdf", content, "application/pdf")},
                timeout=120,
            )
            if response.status_code != 201:
                raise SystemExit(f"POST documents: HTTP {response.status_code} {response.text[:300]}")
            created.append(response.json()["id"])

        def version():
            response = session.post(
                f"{base}/api/v1/documents/{created[0]}/versions/",
                data={"note": "Nouvelle version"},
                files={"file": ("gros-v2.pdf", content, "application/pdf")},
                timeout=120,
            )
            if response.status_code != 201:
                raise SystemExit(f"POST versions: HTTP {response.status_code} {response.text[:300]}")

        def download():
            response = session.get(f"{base}/api/v1/documents/{created[0]}/download/?version=1", timeout=120)
            if response.status_code != 200 or len(response.content) != len(content):
                raise SystemExit(f"GET download: HTTP {response.status_code}, {len(response.content)} bytes")

        rows = [
            timed("POST new document", create),
            timed("POST new version", version),
            timed("GET download", download),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)  # the uploaded files: hundreds of megabytes

    megabytes = len(content) / (1024 * 1024)
    print()
    print(f"{UPLOADS} requests each, {megabytes:.1f} MiB file, gunicorn on loopback, seconds:")
    header = f"{'operation':<20} {'median':>7} {'min':>7} {'max':>7} {'MiB/s':>7}"
    print(header)
    print("-" * len(header))
    for label, timings in rows:
        median = statistics.median(timings)
        print(f"{label:<20} {median:7.2f} {min(timings):7.2f} {max(timings):7.2f} {megabytes / median:7.1f}")


if __name__ == "__main__":
    main()
