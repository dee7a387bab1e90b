import pytest
from celery.contrib.testing.worker import start_worker

from snitem_portal.celery import app
from snitem_portal.tasks import task_ping

pytestmark = pytest.mark.services


@pytest.fixture
def redis_celery_app(redis_broker_url):
    """The project's Celery app, not eager, on the real Redis broker, with a result backend."""
    previous = {
        key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend", "task_ignore_result")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=redis_broker_url,
        result_backend=redis_broker_url,
        task_ignore_result=False,
    )
    # The backend is cached per thread once any task ran (eager tasks of other tests): rebuild it.
    vars(app._local).pop("backend", None)
    yield app
    app.conf.update(previous)
    vars(app._local).pop("backend", None)


def test_task_round_trip_through_a_real_worker_on_redis(redis_celery_app):
    with start_worker(redis_celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        result = task_ping.apply_async(kwargs={"value": "bonjour"}, ignore_result=False)

        assert result.get(timeout=20) == "bonjour"
