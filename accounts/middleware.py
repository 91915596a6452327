from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """Dutch unless the person chose otherwise: their stored preference, else this browser's choice.

    The browser's Accept-Language is deliberately ignored: the product is Dutch first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response

    def _chosen_language(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in SUPPORTED:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE
