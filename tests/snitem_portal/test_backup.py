"""backup -> restore into a new database gives back the same portal (rows and private files)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from projects import services as project_services
from snitem_portal.backups import private_files, row_counts
from tests.factories import CompanyFactory, member_of
from tests.projects.factories import SubmissionFactory, pdf_upload

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, database_url: str, private: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "snitem_portal.settings",
        "DJANGO_SECRET_KEY": "backup-test",
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(private),
        "CACHE_URL": "locmemcache://",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def scratch_database(postgres_only):
    """An empty PostgreSQL database next to the test one; dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}", name, admin
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_of(name: str, admin: dict) -> dict[str, int]:
    with psycopg.connect(dbname=name, **admin) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


def test_backup_of_the_demo_restores_into_a_new_database(transactional_db, scratch_database, settings, tmp_path):
    database_url, name, admin = scratch_database
    settings.DEBUG = True
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--scale", "1", stdout=io.StringIO())
    demo_files = private_files(settings.PRIVATE_MEDIA_ROOT)
    company = CompanyFactory()
    draft = SubmissionFactory(company=company, call__status="published")
    attachment = project_services.add_attachment(
        submission=draft, by=member_of(company), uploaded=pdf_upload("annexe.pdf")
    )
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    expected_rows, expected_files = row_counts(), private_files(settings.PRIVATE_MEDIA_ROOT)

    restored = _manage("restore", str(archive), database_url=database_url, private=tmp_path / "restored")
    again = _manage("restore", str(archive), database_url=database_url, private=tmp_path / "empty")

    assert restored.returncode == 0, restored.stderr
    assert _counts_of(name, admin) == expected_rows
    assert sum(expected_rows.values()) > 1000
    assert private_files(tmp_path / "restored") == expected_files
    assert demo_files, "the demo writes private files (documents), so the backup carries more than one"
    assert expected_files.keys() - demo_files.keys() == {attachment.file.name}
    assert {path: expected_files[path] for path in demo_files} == demo_files
    assert again.returncode != 0
    assert "already holds tables" in again.stderr


def test_restore_refuses_something_that_is_not_a_backup(db, tmp_path):
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"nope")

    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(not_a_backup), stdout=io.StringIO())
