"""The members app's outbox handlers: the e-mails sent after a commit."""

from outbox.registry import outbox_handler


@outbox_handler("members.send_invitation")
def send_invitation(*, invitation_id: int) -> None:
    from .services import invitation_email_send

    invitation_email_send(invitation_id=invitation_id)


@outbox_handler("members.send_enrolment_link")
def send_enrolment_link(*, link_id: int) -> None:
    from .services import enrolment_link_email_send

    enrolment_link_email_send(link_id=link_id)
