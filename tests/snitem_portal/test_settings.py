import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    ours = ("DJANGO_", "DATABASE_URL", "CELERY_", "EMAIL_URL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "snitem_portal.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_nothing_set_is_a_development_checkout_in_debug_mode():
    result = run_manage("diffsettings", "--all", env={})

    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout


def test_a_secret_key_alone_means_production_with_debug_off():
    result = run_manage("diffsettings", "--all", env={"DJANGO_SECRET_KEY": "some-production-secret"})

    assert result.returncode == 0, result.stderr
    assert "DEBUG = False" in result.stdout


def test_check_deploy_passes_without_warning_in_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
            "DJANGO_ALLOWED_HOSTS": "portail.snitem.example",
        },
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_mode_runs_on_embedded_defaults():
    result = run_manage("diffsettings", "--all", env={"DJANGO_DEBUG": "1"})

    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout
    assert "CELERY_BROKER_URL = 'filesystem://'" in result.stdout
    assert "EMAIL_BACKEND = 'snitem_portal.mailfolder.FolderEmailBackend'" in result.stdout


def test_production_without_cache_url_shares_rate_limits_through_the_database():
    production = {"DJANGO_SECRET_KEY": "some-production-secret"}
    code = "from django.conf import settings; print(settings.CACHES)"
    shared = run_manage("shell", "--no-imports", "-c", code, env=production)
    development = run_manage("shell", "--no-imports", "-c", code, env={})

    assert shared.returncode == 0, shared.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in shared.stdout
    assert "'LOCATION': 'portal_cache'" in shared.stdout
    assert "LocMemCache" in development.stdout


def test_migrate_creates_the_cache_table(tmp_path):
    env = {"DJANGO_SECRET_KEY": "some-production-secret", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    migrate = run_manage("migrate", "--no-input", env=env)
    code = "from django.core.cache import cache; cache.set('k', 'shared', 60); print(cache.get('k'))"
    stored = run_manage("shell", "--no-imports", "-c", code, env=env)

    assert migrate.returncode == 0, migrate.stderr
    assert stored.stdout.strip() == "shared", stored.stderr
