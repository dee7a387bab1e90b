from celery import shared_task


@shared_task
def task_ping(*, value: str) -> str:
    """Echo a value: lets operators (and the integration test) check the worker round-trip."""
    return value
