"""Background work of the search (django-tasks). Each task reads fresh rows, so it is idempotent."""

from django_tasks import task


@task()
def refresh_recording_text(webinar_id: int) -> bool:
    from search.services import recording_text_refresh

    return recording_text_refresh(webinar_id=webinar_id) is not None


@task()
def index_pending_changes() -> int:
    from search.services import index_pending_changes as write_pending

    return write_pending()
