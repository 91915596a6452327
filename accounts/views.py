from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import mfa
from accounts.forms import (
    EnrolForm,
    LanguageForm,
    LoginForm,
    PasswordSetForm,
    ReauthenticateForm,
    RoleDecisionForm,
    SecondFactorForm,
)
from accounts.models import InboxItem, RoleGrantRequest
from accounts.notifications import mark_all_read, mark_read
from accounts.oidc import oidc_enabled
from accounts.permissions import can_decide_role_grant, can_decide_role_grants
from accounts.reauth import (
    RESUME_FIELD,
    forget_failed_reauthentications,
    note_failed_reauthentication,
    recent_authentication_required,
    take_kept_post,
)
from accounts.selectors import inbox_groups, open_role_requests, recent_role_changes, roles_of
from accounts.services import decide_role_grant, set_user_language
from accounts.sessions import note_authentication
from accounts.work import shown_work
from core.pages import page, posted, run_service


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": oidc_enabled()}


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Set one's own password from the link an administrator had sent (`send_password_link`):
    nobody else chooses or sees it."""

    template_name = "accounts/password_set.html"
    form_class = PasswordSetForm
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Je wachtwoord is ingesteld. Je kunt nu inloggen."))
        return super().form_valid(form)


@login_required
@require_GET
def home(request):
    context = {"work": shown_work(request.user), "roles": roles_of(request.user)}
    return render(request, "home.html", context)


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
    groups = inbox_groups(request.user, size=INBOX_SIZE)
    unread = sum(group.unread for group in groups)
    return render(request, "accounts/inbox.html", {"groups": groups, "unread": unread})


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


# --- Two-step sign-in and re-authentication --------------------------------------------------

BACKUP_CODES_TO_SHOW = "zw_backup_codes_to_show"


def _next_url(request):
    """Where the person was going, if it is a page of this site; else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _second_factor_passed(request, device):
    # A session that just gained a factor gets a new key, as at sign-in (session fixation).
    request.session.cycle_key()
    otp_login(request, device)
    note_authentication(request.session)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    """The second step after the password: a code from the app or a backup code."""
    if not mfa.mfa_pending(request):
        return redirect(_next_url(request))
    form = SecondFactorForm(posted(request), user=request.user)
    if form.is_valid():
        _second_factor_passed(request, form.device)
        if form.device.persistent_id.startswith("otp_static"):
            left = mfa.backup_codes_left(request.user)
            messages.warning(
                request,
                ngettext(
                    "Je hebt een herstelcode gebruikt. Je hebt er nog %(count)d over.",
                    "Je hebt een herstelcode gebruikt. Je hebt er nog %(count)d over.",
                    left,
                )
                % {"count": left},
            )
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request):
    """Link an authenticator app by QR code; the first right code finishes it."""
    user = request.user
    if not mfa.mfa_required_for(user) or mfa.has_confirmed_device(user):
        return redirect(_next_url(request))
    device = mfa.pending_app_device(user)
    form = EnrolForm(posted(request), device=device)
    if form.is_valid():
        _second_factor_passed(request, device)
        request.session[BACKUP_CODES_TO_SHOW] = form.backup_codes
        messages.success(request, _("Inloggen in twee stappen staat nu aan voor je account."))
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('accounts:mfa_backup_codes')}?{query}")
    context = {
        "form": form,
        "qr_svg": mfa.qr_code_svg(device, label=_("QR-code om je authenticator-app te koppelen")),
        "secret": mfa.secret_for_typing(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_enrol.html", context, status=400 if form.is_bound else 200)


@login_required
@require_GET
@never_cache
def mfa_backup_codes(request):
    """New backup codes, shown this once; afterwards only how many are left."""
    if not mfa.has_confirmed_device(request.user):
        raise Http404
    codes = request.session.pop(BACKUP_CODES_TO_SHOW, None)
    return render(
        request,
        "accounts/mfa_backup_codes.html",
        {
            "codes": codes,
            "left": mfa.backup_codes_left(request.user),
            "next": _next_url(request),
        },
    )


@login_required
@require_POST
@recent_authentication_required(back=lambda request: reverse("accounts:mfa_backup_codes"))
def mfa_new_backup_codes(request):
    if not mfa.has_confirmed_device(request.user):
        raise Http404
    request.session[BACKUP_CODES_TO_SHOW] = mfa.new_backup_codes(request.user)
    messages.success(request, _("Je hebt nieuwe herstelcodes. De oude werken niet meer."))
    return redirect("accounts:mfa_backup_codes")


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Confirm who you are before a weighty step: password, and a code with two-step sign-in."""
    form = ReauthenticateForm(posted(request), request=request)
    resume = request.POST.get(RESUME_FIELD) or request.GET.get(RESUME_FIELD, "")
    if form.is_valid():
        if form.device is not None:
            otp_login(request, form.device)
        note_authentication(request.session)
        forget_failed_reauthentications(request)
        kept = take_kept_post(request, resume)
        if kept is None:
            return redirect(_next_url(request))
        action, data = kept
        context = {"action": action, "data": data, "back": _next_url(request)}
        return render(request, "accounts/reauth_resume.html", context)
    if form.is_bound and form.has_wrong_proof() and note_failed_reauthentication(request):
        return redirect_to_login(_next_url(request))
    context = {
        "form": form,
        "resume": resume,
        "next": _next_url(request),
        "oidc_enabled": oidc_enabled() and not request.user.has_usable_password(),
        "reauth_minutes": settings.ZW_REAUTH_MINUTES,
    }
    return render(
        request, "accounts/reauthenticate.html", context, status=400 if form.is_bound else 200
    )


# --- Role requests: four eyes ------------------------------------------------------------------


def _role_requests_page(request, *, bound=None, status=200):
    pending = open_role_requests()
    for grant_request in pending:
        grant_request.may_decide = can_decide_role_grant(request.user, grant_request)
        grant_request.form = (
            bound
            if bound is not None and bound.prefix == f"r{grant_request.pk}"
            else RoleDecisionForm(prefix=f"r{grant_request.pk}")
        )
    context = {"pending": pending, "changes": recent_role_changes()}
    return render(request, "accounts/role_requests.html", context, status=status)


@page(can_decide_role_grants)
@never_cache
def role_requests(request):
    return _role_requests_page(request)


def _open_role_request(request, pk):
    return RoleGrantRequest.objects.filter(pk=pk).select_related("user").first()


@page(can_decide_role_grants, methods=("POST",), find=_open_role_request)
@recent_authentication_required(back=lambda request, *args: reverse("accounts:role_requests"))
def decide_role_request(request, grant_request):
    form = RoleDecisionForm(request.POST, prefix=f"r{grant_request.pk}")
    status = 400
    if form.is_valid():
        approve = form.cleaned_data["decision"] == RoleDecisionForm.APPROVE
        decided, status = run_service(
            form,
            lambda: decide_role_grant(
                grant_request,
                approve=approve,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            ),
        )
        if decided:
            done = _("Goedgekeurd: de rol geldt nu.") if approve else _("Afgewezen.")
            messages.success(request, done)
            return redirect("accounts:role_requests")
    return _role_requests_page(request, bound=form, status=status)
