"""`{% pagination page %}`: the page links every paginated list shows, keeping its filters."""

from django import template

register = template.Library()


@register.inclusion_tag("portal/includes/pagination.html", takes_context=True)
def pagination(context, page, newest_first=False):
    """Links to the previous and next page with the request's other query parameters kept.

    `newest_first` names the links "Newer"/"Older" for lists sorted by time, else
    "Previous"/"Next".
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is not None:
        params.pop("page", None)
    return {"page": page, "query": params.urlencode() if params else "", "newest_first": newest_first}
