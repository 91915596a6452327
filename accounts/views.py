from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.forms import LanguageForm, LoginForm
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
