"""The outbox handlers: the functions an outbox message may name, registered by the apps
in their tasks modules. A message can only ever run one of these."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

_HANDLERS: dict[str, Callable[..., None]] = {}


def outbox_handler(name: str):
    """Register `function` as the handler `name`; it takes the message's arguments as
    keyword arguments and must tolerate being run again for the same message."""

    def register(function):
        if _HANDLERS.get(name, function) is not function:
            raise ValueError(f"Outbox handler {name!r} is registered twice")
        _HANDLERS[name] = function
        return function

    return register


def handler_of(name: str) -> Callable[..., None]:
    try:
        return _HANDLERS[name]
    except KeyError:
        raise LookupError(f"No outbox handler named {name!r}") from None


@dataclass(frozen=True)
class Delivery:
    """What a handler may know of the delivery running it."""

    key: str
    attempt: int
    # The broker delivered this message again because the process carrying it out died:
    # whatever that process had claimed is free to take over.
    redelivered: bool


_current: ContextVar[Delivery | None] = ContextVar("outbox_delivery", default=None)


def current_delivery() -> Delivery | None:
    return _current.get()


_SWEEP_HOOKS: list[Callable[[], None]] = []


def outbox_sweep_hook(function: Callable[[], None]):
    """Register `function` to run at every periodic sweep, before the due messages are
    handed over: an app writes there the messages its own rows say are missing."""
    if function not in _SWEEP_HOOKS:
        _SWEEP_HOOKS.append(function)
    return function


def sweep_hooks() -> list[Callable[[], None]]:
    return list(_SWEEP_HOOKS)


_TRANSPORT: list[Callable[[int], None]] = []


def outbox_transport(function: Callable[[int], None]):
    """Register the function that hands one message (by id) to the broker: the Celery task
    of outbox.tasks. The services reach the worker through it, so that the task module,
    which calls the services, is not imported by them in turn."""
    _TRANSPORT[:] = [function]
    return function


def transport() -> Callable[[int], None]:
    if not _TRANSPORT:
        raise LookupError("No outbox transport: outbox.tasks registers it when Django starts")
    return _TRANSPORT[0]
