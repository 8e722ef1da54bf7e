from celery import shared_task

from .registry import outbox_transport


@shared_task(name="outbox.deliver", bind=True)
def outbox_deliver_task(self, message_id: int) -> None:
    from .services import outbox_deliver

    delivery_info = self.request.delivery_info or {}
    outbox_deliver(
        message_id=message_id,
        redelivered=bool(delivery_info.get("redelivered")),
        worker=self.request.hostname or "",
        task_id=self.request.id or "",
    )


@shared_task(name="outbox.sweep", bind=True, ignore_result=True)
def outbox_sweep_task(self) -> None:
    from .services import outbox_sweep

    outbox_sweep(hostname=self.request.hostname or "worker")


@outbox_transport
def outbox_hand_over(message_id: int) -> None:
    """Hand one message to the broker (raises when the broker does not answer)."""
    outbox_deliver_task.apply_async(args=[message_id], retry=False)
