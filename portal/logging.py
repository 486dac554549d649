"""One log line per request and per background task. With LOG_FORMAT=json each line is a JSON
object (python-json-logger), so a log collector can count errors and slow pages per path."""

import logging
import time

from asgiref.sync import iscoroutinefunction, markcoroutinefunction

request_logger = logging.getLogger("kennisplein.request")
task_logger = logging.getLogger("kennisplein.task")


def _log_request(request, status: int, started: float) -> None:
    user = getattr(request, "user", None)
    request_logger.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        },
    )


class RequestLogMiddleware:
    """Sync and async capable, so it never forces a thread switch under ASGI."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _log_request(request, response.status_code, started)
        return response

    async def __acall__(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        _log_request(request, response.status_code, started)
        return response


def log_task_finished(sender, task_result, **kwargs) -> None:
    """Connected to django-tasks' task_finished signal (portal/apps.py)."""
    started, finished = task_result.started_at, task_result.finished_at
    task_logger.info(
        "task %s %s",
        task_result.task.module_path,
        task_result.status,
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "status": str(task_result.status),
            "duration_ms": round((finished - started).total_seconds() * 1000, 1)
            if started and finished
            else None,
        },
    )
