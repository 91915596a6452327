"""Real threads released together, for the concurrency tests on PostgreSQL."""

import threading

from django.db import connection


def run_together(calls):
    """Run the calls in threads released at the same moment; return (call index, its result or
    the error it raised), in the order they finished."""
    barrier = threading.Barrier(len(calls))
    finished = []

    def run(index, call):
        barrier.wait()
        try:
            finished.append((index, call()))
        except Exception as error:  # noqa: BLE001 - returned, and asserted on by the test
            finished.append((index, error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return finished


def outcomes_of(calls):
    """'ok' for each call that went through, the message of the error for each that did not."""
    return [
        str(result) if isinstance(result, Exception) else "ok"
        for _index, result in run_together(calls)
    ]
