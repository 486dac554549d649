"""Operations read the logs: one structured line per request and per background task."""

import json
import logging

import pytest
from django_tasks import task
from pythonjsonlogger.json import JsonFormatter

pytestmark = pytest.mark.django_db


@task()
def add(a: int, b: int) -> int:
    return a + b


def test_each_request_gives_one_line_with_path_status_time_and_person(client, librarian, caplog):
    client.force_login(librarian)
    with caplog.at_level(logging.INFO, logger="kennisplein.request"):
        client.get("/bestaat-niet/")
    lines = [r for r in caplog.records if r.name == "kennisplein.request"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.path, line.status, line.user_id) == (
        "GET",
        "/bestaat-niet/",
        404,
        librarian.pk,
    )
    assert line.duration_ms >= 0


def test_the_json_format_is_one_parseable_object_per_line(client, caplog, settings):
    formatter = JsonFormatter(
        **{k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    )
    with caplog.at_level(logging.INFO, logger="kennisplein.request"):
        client.get("/health/")
    record = next(r for r in caplog.records if r.name == "kennisplein.request")
    line = json.loads(formatter.format(record))
    assert line["logger"] == "kennisplein.request"
    assert line["path"] == "/health/"
    assert line["status"] == 200
    assert line["user_id"] is None


def test_each_task_gives_a_line_with_its_outcome(caplog):
    with caplog.at_level(logging.INFO, logger="kennisplein.task"):
        add.enqueue(2, 3)
    line = next(r for r in caplog.records if r.name == "kennisplein.task")
    assert line.task.endswith(".add")
    assert line.status == "SUCCESSFUL"
