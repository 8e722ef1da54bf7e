from smtplib import SMTPException

from celery import shared_task


@shared_task(
    name="members.send_invitation",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation(invitation_id: int) -> None:
    from .services import invitation_email_send

    invitation_email_send(invitation_id=invitation_id)


@shared_task(
    name="members.send_enrolment_link",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_enrolment_link(link_id: int) -> None:
    from .services import enrolment_link_email_send

    enrolment_link_email_send(link_id=link_id)
