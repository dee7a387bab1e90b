"""/healthz and /readyz: answered without login; readyz names the dependency that fails."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_nor_dependencies(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_checks_database_cache_broker_and_private_files(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "private_storage": "ok"},
    }
    assert list((tmp_path / "private").iterdir()) == []


def test_readyz_names_the_failing_checks(client, settings, tmp_path):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    settings.PRIVATE_MEDIA_ROOT = not_a_folder
    settings.HEALTH_CHECK_TIMEOUT = 2

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert (body["status"], body["failing"]) == ("unavailable", ["broker", "cache", "private_storage"])
    assert body["checks"]["database"] == "ok"


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
