from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import LanguageForm, LoginForm
from accounts.models import InboxItem
from accounts.notifications import mark_all_read, mark_read
from accounts.services import set_user_language


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@require_POST
def change_language(request):
    """Switch the interface language; a signed-in person keeps it as their preference."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            set_user_language(request.user, language=language, acting_user=request.user)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


# --- The in-app inbox: what needs attention, never a name or case content ----------------------

INBOX_SIZE = 100


@login_required
@require_GET
def inbox(request):
    items = list(request.user.inbox.order_by("-created_at", "-id")[:INBOX_SIZE])
    unread = sum(1 for item in items if item.read_at is None)
    return render(request, "accounts/inbox.html", {"items": items, "unread": unread})


@login_required
@require_POST
def inbox_read_all(request):
    # Inbox items are notices, not audited records: marking them read is no domain change.
    mark_all_read(request.user)
    messages.success(request, _("Alle berichten zijn als gelezen gemarkeerd."))
    return redirect("accounts:inbox")


@login_required
@require_POST
def inbox_open(request, pk):
    """Mark one of the user's own items read and follow its link; anyone else's is a 404."""
    item = get_object_or_404(InboxItem, pk=pk, user=request.user)
    mark_read(item)
    internal = item.path.startswith("/") and url_has_allowed_host_and_scheme(
        item.path, allowed_hosts={request.get_host()}
    )
    return redirect(item.path if internal else reverse("accounts:inbox"))
