from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


practice_mine = practice_create = practice_mine_detail = practice_edit = _not_yet
practice_withdraw = practice_attachment_delete = _not_yet
practice_review_queue = practice_review = _not_yet
