from smtplib import SMTPException

from celery import shared_task

# A mail server that refuses or drops the connection is tried again, waiting longer each time.
EMAIL_RETRY = {
    "autoretry_for": (SMTPException, ConnectionError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(name="members.send_invitation", **EMAIL_RETRY)
def send_invitation(invitation_id: int) -> None:
    from .services import invitation_email_send

    invitation_email_send(invitation_id=invitation_id)


@shared_task(name="members.send_enrolment_link", **EMAIL_RETRY)
def send_enrolment_link(link_id: int) -> None:
    from .services import enrolment_link_email_send

    enrolment_link_email_send(link_id=link_id)
