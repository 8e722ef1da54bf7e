import logging


class RoutineSweepFilter(logging.Filter):
    """The outbox sweep runs every few seconds; its routine lines (sent, received,
    succeeded) would drown every other line of the worker and beat. Its warnings and
    errors still pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or "outbox.sweep" not in record.getMessage()
