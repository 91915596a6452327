"""Requests no person sends, refused before any view or database sees them; and domain errors
that reach no form, shown as a page with the right status."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.errors import EditConflict, InvalidChange


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


class DomainErrorMiddleware:
    """What a domain error that no view turned into a form error shows: a conflict is a 409
    with its message, an invalid change a 400; a refusal is a `PermissionDenied` (403) already.
    Views normally catch these through `core.pages.run_service` and keep the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, EditConflict):
            return _message_page(request, exception, status=409)
        if isinstance(exception, InvalidChange):
            return _message_page(request, exception, status=400)
        return None


class MethodNotAllowedPageMiddleware:
    """An address that only takes a form's button, opened by typing it or from a bookmark: a
    page that says so and where to go, instead of an empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


def _message_page(request, exception, *, status):
    return render(request, "domain_error.html", {"message": str(exception)}, status=status)
