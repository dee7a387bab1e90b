import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .extract import text_of
from .indexing import set_file_text
from .registry import get_source

logger = logging.getLogger(__name__)


# A hostile file may make a parser spin: the task gives up after a minute (the soft limit), and
# the worker kills it a little later if the parser does not even let it give up.
@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def task_extract_file_text(*, kind: str, object_id: int) -> int:
    """Extract the text of an object's file into its entry. Returns the number of characters kept."""
    source = get_source(kind)
    obj = source.objects().filter(pk=object_id).first() if source and source.file else None
    if obj is None:
        logger.info("Nothing to extract for %s %s: gone", kind, object_id)
        return 0
    found = source.file(obj)
    if found is None:
        set_file_text(kind, [object_id], text="", key="")
        return 0
    try:
        text = text_of(found.file, found.content_type)
    except SoftTimeLimitExceeded:
        logger.warning("Text extraction of %s %s took too long: indexed without it", kind, object_id)
        text = ""
    # The key is recorded even without text, so that the same file is not read again and again.
    set_file_text(kind, [object_id], text=text, key=found.key)
    return len(text)
