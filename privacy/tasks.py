"""Background work of the privacy rights. Each task reads fresh rows by id: a retry is harmless."""

from django_tasks import task


@task()
def export_prepare(export_id: int) -> None:
    from privacy.services import export_build

    export_build(export_id=export_id)
