"""Template context for every page: the current seller, the user's role and sellers."""

from portal.selectors.memberships import memberships_of_user


def tenancy(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_seller": getattr(request, "seller", None),
        "current_membership": getattr(request, "membership", None),
        # Lazy: only pages that render the seller switcher run the query.
        "user_memberships": lambda: list(memberships_of_user(user=user)),
    }
