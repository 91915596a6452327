"""Requests no person sends: refused before any view or database sees them."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """A NUL character in the address or a form is never typed by a person; PostgreSQL refuses to
    store it, so such a request would otherwise end in a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(_("Dit verzoek bevat tekens die niet zijn toegestaan."))
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        if "\x00" in request.path:
            return True
        values = [*request.GET.lists()]
        if request.method == "POST":
            values += [*request.POST.lists()]
        return any("\x00" in key or any("\x00" in v for v in vals) for key, vals in values)
