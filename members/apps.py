from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("党员")

    def ready(self) -> None:
        from branches.history import track

        from .models import Member, mask_id_number

        track(
            Member,
            exclude=["created_at", "updated_at", "name_order"],
            masked={"id_number": mask_id_number},
        )
