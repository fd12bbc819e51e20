from .selectors import membership_of, office_roles_of


def navigation(request):
    """What the navigation bar needs to show the right links for the signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_office_codes": sorted(office_roles_of(user)), "nav_membership": membership_of(user)}
