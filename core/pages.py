"""How every page of the product is reached and how it runs a service. One decorator decides who
reaches a page (signed in, a 404 for outsiders before any method check, then the method); one
runner turns a service's domain error into what the person sees, keeping what they typed."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed

from core.errors import ActionRefused, EditConflict, InvalidChange

GET_POST = ("GET", "POST")


def page(allowed=None, *, methods=("GET",), find=None, key="pk", then=None, refused=None):
    """A page of the product.

    In this order, so that an outsider never learns which methods a page takes:
    1. signed in (or to the login page);
    2. `allowed(user)`: may this person use this kind of page at all? A 404 if not, after
       `refused(request)` recorded the attempt where that must be logged;
    3. `find(request, value_of_key)`: the object the page is about, as this person may see it
       (one object, or a tuple the view receives as its leading arguments); a 404 for None.
       A finder that must log a refusal does so and raises `Http404` itself;
    4. the method: a 405 for any other;
    5. `then(request, *found)`: what comes after the method check — a refusal for a step this
       person may not take (it raises), the read that goes in the access log.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if allowed is not None and not allowed(request.user):
                if refused is not None:
                    refused(request)
                raise Http404
            found = ()
            if find is not None:
                found = find(request, kwargs.pop(key))
                if found is None:
                    raise Http404
                found = found if isinstance(found, tuple) else (found,)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            if then is not None:
                then(request, *found)
            return view(request, *args, *found, **kwargs)

        return wrapper

    return decorator


def posted(request):
    # Not `request.POST or None`: an empty POST must still be checked and answered with errors.
    return request.POST if request.method == "POST" else None


def without(data, *names):
    """A form's cleaned data minus the fields the service does not take (reason, version)."""
    return {k: v for k, v in data.items() if k not in names}


def run_service(form, action):
    """(result, status) of `action()`, a service called with the form's data. Its domain error
    becomes the form's: a refusal for the whole form, an invalid change on its field, and an
    edit conflict a 409 whose form carries the version now saved, so that sending it again
    applies what was typed knowingly. What the person typed stays in the form."""
    try:
        return action(), 200
    except EditConflict as conflict:
        form.add_error(None, str(conflict))
        _carry_current_version(form, conflict.current_version)
        return None, 409
    except InvalidChange as invalid:
        form.add_error(invalid.field if invalid.field in form.fields else None, str(invalid))
        return None, 200
    except ActionRefused as refused:
        form.add_error(None, str(refused))
        return None, 200


def _carry_current_version(form, version):
    if version is None or "version" not in form.fields or not form.is_bound:
        return
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = version


def act(request, action, done):
    """A button without a form: do it, and say what happened as a message. `done` is the
    success message, or a function of the service's result. Returns whether it was done."""
    try:
        result = action()
    except (ActionRefused, EditConflict, InvalidChange) as refused:
        messages.error(request, str(refused))
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True
