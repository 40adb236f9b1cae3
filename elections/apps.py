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
        from .selectors.dashboard import INBOX
        from .selectors.phases import PHASE_COUNTS

        track(RuleProfile)
        # The dashboard's renewals per phase in a subtree, a cached figure.
        cached.track(Renewal, PHASE_COUNTS)
        # The inbox counts (the badge on every page) read many of this app's tables.
        cached.track_app(self.label, INBOX)
        # An approved delay or early renewal moves the day the renewal is due.
        connect_due_source(RenewalShift, organisation=lambda shift: shift.branch_id)

        from branches.access import Action
        from branches.member_pickers import register as register_members
        from branches.pickers import register

        from .selectors.access import get_renewal_for
        from .selectors.campaign import campaign_organisations
        from .selectors.prepare import candidates_of

        # The organisations whose campaign a user may run, for the campaign form's picker.
        register("campaign", campaign_organisations)
        # Whom a renewal's nominee and exclusion forms may name, for those who work on it.
        register_members(
            "electorate",
            lambda user, pk: candidates_of(get_renewal_for(user, pk, action=Action.WORK)),
        )
