"""Template context for every page: the current seller, the user's role and sellers."""

from portal.selectors.memberships import memberships_of_user


def _memberships(request, user):
    memberships = getattr(request, "user_memberships", None)
    return memberships if memberships is not None else list(memberships_of_user(user=user))


def tenancy(request):
    # Which area of the main navigation the page belongs to (none on a 404).
    match = getattr(request, "resolver_match", None)
    context = {"nav_section": (match.namespace or match.url_name or "") if match else ""}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    return context | {
        "current_seller": getattr(request, "seller", None),
        "current_membership": getattr(request, "membership", None),
        # The middleware has read them already; the switcher lists them by seller name.
        "user_memberships": lambda: sorted(_memberships(request, user), key=lambda m: m.seller.name.lower()),
    }
