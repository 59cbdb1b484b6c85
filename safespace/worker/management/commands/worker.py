import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from safespace.worker.running import Worker
from safespace.worker.supervise import keep_running


class Command(BaseCommand):
    help = (
        "Run background tasks (tripwire matching, daily digests, check-in notices, pruning) and "
        "queue the scheduled ones on their hour. A locked or lost database is waited out; tasks "
        "left running by a worker that died are queued again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due and queued, then stop."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when nothing is queued (default 1).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not queue the scheduled jobs (for tests and a second, task-only worker).",
        )
        parser.add_argument(
            "--keep-running",
            action="store_true",
            help="Run the worker in a child process and start it again whenever it stops.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["keep_running"]:
            command = [sys.executable, sys.argv[0], "worker", f"--interval={options['interval']}"]
            keep_running(command)
            return
        Worker(
            worker_id=get_random_string(32),
            interval=options["interval"],
            batch=options["batch"],
            schedule=options["schedule"],
        ).run()
