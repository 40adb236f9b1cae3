from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from branches import views as branch_views
from elections.views.publicise import public_notice

admin.site.site_header = _("换届 · 管理后台")
admin.site.site_title = _("换届")


def _superusers_only(request: HttpRequest) -> bool:
    """The admin bypasses the role model (full ID numbers, edits of any organisation), so only
    superusers enter it; `is_staff` with model permissions is not enough."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

# Procrastinate's tables exist only on PostgreSQL (config/routers.py): elsewhere its admin
# pages would fail, so they are not offered.
if connection.vendor != "postgresql" and apps.is_installed("procrastinate.contrib.django"):
    for _model in apps.get_app_config("procrastinate").get_models():
        if admin.site.is_registered(_model):
            admin.site.unregister(_model)

urlpatterns = [
    path("", branch_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("branches.urls")),
    path("members/", include("members.urls")),
    path("renewals/", include("elections.urls")),
    path("notice/<str:token>/", public_notice, name="public_notice"),
    path("dashboard/", include("elections.urls_dashboard")),
    path("campaigns/", include("elections.urls_campaigns")),
    path("filings/", include("elections.urls_filing")),
    path("admin/", admin.site.urls),
]
