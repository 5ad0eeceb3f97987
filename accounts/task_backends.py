"""A django.tasks backend that runs each task in its own thread once the response's
transaction has committed: the request does not wait for the mail server.

Threads are not daemons, so a worker that is shutting down still finishes sending. A real
queue (a worker process reading a shared store) plugs in through TASKS without code changes.
"""

import threading

from django.db import transaction
from django.tasks.backends.immediate import ImmediateBackend
from django.tasks.base import TaskResult, TaskResultStatus
from django.utils.crypto import get_random_string

_running: set[threading.Thread] = set()
_lock = threading.Lock()


class ThreadBackend(ImmediateBackend):
    supports_async_task = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        task_result = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(lambda: self._start(task_result))
        return task_result

    def _start(self, task_result):
        thread = threading.Thread(target=self._run, args=(task_result,), name="cellwise-task")
        with _lock:
            _running.add(thread)
        thread.start()

    def _run(self, task_result):
        try:
            self._execute_task(task_result)
        finally:
            with _lock:
                _running.discard(threading.current_thread())


def wait_for_tasks(timeout: float = 10.0) -> None:
    """Wait until every started task thread has finished (tests, shutdown hooks)."""
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join(timeout)
