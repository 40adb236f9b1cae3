from django.http import HttpRequest

from .access import Action, role_paths


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_manage_any": user.is_superuser or bool(role_paths(user, Action.MANAGE))}
