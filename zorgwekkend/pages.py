"""Small pieces every app's views share: who reaches a page, and what a form was sent."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed

GET_POST = ("GET", "POST")


def allowed_for(check, *, methods=("GET",)):
    """Signed in, then a 404 for anyone `check(user)` refuses (whatever the method), then the
    method check — so an outsider never learns which methods a page takes."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def posted(request):
    # Not `request.POST or None`: an empty POST must still be checked and answered with errors.
    return request.POST if request.method == "POST" else None


def without(data, *names):
    """A form's cleaned data minus the fields the service does not take (reason, version)."""
    return {k: v for k, v in data.items() if k not in names}
