from .selectors import membership_with_region, office_roles_of


def navigation(request):
    """What the navigation bar needs to show the right links for the signed-in person: their office roles and
    agency membership, read afresh in every request (each a query compiled once per process, romantik.selectors),
    the membership with its agency and region, where every later `membership_of` of the request finds it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_office_codes": sorted(office_roles_of(user)), "nav_membership": membership_with_region(user)}
