"""The one helper for the PostgreSQL concurrency tests: start operations at the same moment.

``race(op1, op2)`` runs each operation in its own thread (so its own database connection) behind a
barrier and returns their outcomes in order. A refusal (``DomainError`` by default, or the types given)
is an outcome; any other exception fails the test once every thread has finished.
"""

import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection

from wuse.core.errors import DomainError


@dataclass
class Outcome:
    ok: bool = False
    value: Any = None
    error: BaseException | None = None

    def __str__(self) -> str:
        return "ok" if self.ok else str(self.error)


def race(*operations, refused: tuple[type[BaseException], ...] = (DomainError,), timeout: float = 30) \
        -> list[Outcome]:
    barrier = threading.Barrier(len(operations))
    outcomes = [Outcome() for _ in operations]
    unexpected: list[BaseException] = []

    def run(index, operation):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = Outcome(ok=True, value=operation())
        except refused as exc:
            outcomes[index] = Outcome(error=exc)
        except BaseException as exc:  # noqa: BLE001 — re-raised in the test's thread below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate(operations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise AssertionError(f"an operation did not finish within {timeout} s (a deadlock?)")
    if unexpected:
        raise unexpected[0]
    return outcomes


def winners(outcomes: list[Outcome]) -> int:
    return sum(outcome.ok for outcome in outcomes)
