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
