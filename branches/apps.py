from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("组织")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
