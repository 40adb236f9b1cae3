from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("换届选举")

    def ready(self) -> None:
        from branches.history import track

        from .models import RuleProfile

        track(RuleProfile)
