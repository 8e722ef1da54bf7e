from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


practice_catalogue = practice_export = practice_detail = practice_attachment = _not_yet
practice_compile = _not_yet
