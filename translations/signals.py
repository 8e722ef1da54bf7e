"""Every save of a tracked model compares its texts before and after, in every language."""

from django.db.models.signals import post_delete, post_save, pre_save

from .registry import language_columns, translated_fields


def _remember_texts(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._texts_before_save = None
    if raw or instance.pk is None:
        return
    columns = language_columns(sender)
    if update_fields is not None and not set(update_fields) & set(columns):
        return
    row = sender._base_manager.filter(pk=instance.pk).values(*columns).first()
    if row is None:
        return
    from .registry import LANGUAGE_CODES

    instance._texts_before_save = {
        field: {code: row[f"{field}_{code}"] or "" for code in LANGUAGE_CODES}
        for field in translated_fields(sender)
    }


def _record_changes(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    before = getattr(instance, "_texts_before_save", None)
    if before is None:
        return
    from .services import translations_record_changes

    translations_record_changes(obj=instance, before=before)
    instance._texts_before_save = None


def _forget(sender, instance, **kwargs):
    from .services import translations_forget

    translations_forget(obj=instance)


def connect(model) -> None:
    uid = f"translations:{model._meta.label}"
    pre_save.connect(_remember_texts, sender=model, dispatch_uid=f"{uid}:pre")
    post_save.connect(_record_changes, sender=model, dispatch_uid=f"{uid}:post")
    post_delete.connect(_forget, sender=model, dispatch_uid=f"{uid}:delete")
