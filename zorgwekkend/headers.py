"""Response headers Django does not set itself."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switch off browser features the product never uses (camera, microphone, location, …), so
    injected content could not use them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.ZW_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
