"""Who may change the catalogue: an office admin of BPS RI (a central office), and the site admin."""

import rules

from romantik.enums import OfficeLevel, Role
from romantik.models import Office
from romantik.selectors import office_roles_of


@rules.predicate
def is_central_office_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    held = {code for code, roles in office_roles_of(user).items() if Role.OFFICE_ADMIN in roles}
    return bool(held) and Office.objects.filter(code__in=held, level=OfficeLevel.CENTRAL).exists()


rules.add_perm("prereview.manage_rules", is_central_office_admin | rules.is_superuser)
