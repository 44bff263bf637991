"""`{% section_nav %}` and `{% breadcrumbs %}`: the area's pages and the trail to a detail page."""

from django import template

from portal.navigation import breadcrumb_links, section_links

register = template.Library()


def _where(context):
    request = context.get("request")
    if request is None:
        return "", ""
    match = getattr(request, "resolver_match", None)
    return request.path, (match.namespace if match else "")


@register.inclusion_tag("portal/includes/section_nav.html", takes_context=True)
def section_nav(context):
    name, links = section_links(*_where(context))
    # An area of one page needs no sub-navigation.
    return {"name": name, "links": links if len(links) > 1 else []}


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    return {"trail": breadcrumb_links(*_where(context))}
