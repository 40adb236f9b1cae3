from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("组织")

    def ready(self) -> None:
        from . import (
            cached,
            checks,  # noqa: F401  (registers the system checks)
            figures,
        )
        from .history import track
        from .models import Organisation, Role, Term

        # The path and depth follow from the parent, which is tracked.
        track(
            Organisation,
            exclude=["path", "depth", "created_at", "renewal_due", "member_count", "full_count"],
        )
        track(Term)
        track(Role)
        figures.connect()
        from .selectors import TREE_COUNTS

        # The home page's organisation and branch counts, a cached figure.
        cached.track(Organisation, TREE_COUNTS)
