"""The practices app's outbox handlers."""

from outbox.registry import outbox_handler


@outbox_handler("practices.status_notify")
def practice_status_notify(*, change_id: int) -> None:
    from .notifications import practice_status_mail

    practice_status_mail(change_id=change_id)


@outbox_handler("practices.status_mail_to")
def practice_status_mail_to(*, change_id: int, recipient_id: int) -> None:
    from .notifications import practice_status_mail_to

    practice_status_mail_to(change_id=change_id, recipient_id=recipient_id)
