from zorgwekkend.navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    # Until the second sign-in step is passed, no menu leads anywhere but back to it.
    if user is None or not user.is_authenticated or getattr(request, "mfa_pending", False):
        return {"nav_items": []}
    return {"nav_items": navigation_for(user, request.path)}
