from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("换届选举")

    def ready(self) -> None:
        from branches import cached
        from branches.figures import connect_due_source
        from branches.history import track

        from .models import Renewal, RenewalShift, RuleProfile
        from .selectors.phases import PHASE_COUNTS

        track(RuleProfile)
        # The dashboard's renewals per phase in a subtree, a cached figure.
        cached.track(Renewal, PHASE_COUNTS)
        # An approved delay or early renewal moves the day the renewal is due.
        connect_due_source(RenewalShift, organisation=lambda shift: shift.branch_id)

        from branches.pickers import register

        from .selectors.campaign import campaign_organisations

        # The organisations whose campaign a user may run, for the campaign form's picker.
        register("campaign", campaign_organisations)
