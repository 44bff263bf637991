"""Pages of pricing and FX, localisation, the brand store and reviews.

Thin views over `listings.services.*`. Writes need a writer role; another seller's
object answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from listings.forms.pricing import BrandStoreForm, OverrideForm, PricingRuleForm
from listings.models import PricingRule, Product, Translation
from listings.services.fx import RateTable
from listings.services.glossary import glossaries_by_target
from listings.services.localisation import approve_translation, language_of
from listings.services.pricing import load_rules, prices_for
from listings.services.reviews import rating_aggregates, reviews_for_marketplace
from listings.services.storefront import featured_ids, get_store, save_brand_store, storefront_page, theme_for
from listings.services.translation_fill import completeness, start_machine_translate
from listings.views.access import seller_required, writer_required
from portal.exceptions import InvalidInput
from portal.models import Marketplace
from portal.tenancy import not_tenant_object_view, tenant_object_view

PREVIEW_PRODUCTS = 5
REVIEWS_PER_PAGE = 25


# --- pricing ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pricing(request):
    """Rules (default and per marketplace), the rates in use and a price preview per marketplace."""
    seller_required(request)
    seller = request.seller
    default, overrides = load_rules(seller)
    rule_form = PricingRuleForm(instance=default, prefix="default")
    override_form = OverrideForm(taken_ids=overrides, prefix="override")
    if request.method == "POST":
        writer_required(request)
        if "save_default" in request.POST:
            rule_form = PricingRuleForm(request.POST, instance=default, prefix="default")
            if rule_form.is_valid():
                rule = rule_form.save(commit=False)
                rule.seller, rule.marketplace = seller, None
                rule.save()
                messages.success(request, _("Default pricing rule saved."))
                return redirect("listings:pricing")
        elif "add_override" in request.POST:
            override_form = OverrideForm(request.POST, taken_ids=overrides, prefix="override")
            if override_form.is_valid():
                rule = override_form.save(commit=False)
                rule.seller = seller
                rule.save()
                messages.success(request, _("Rule for %(m)s saved.") % {"m": rule.marketplace.name})
                return redirect("listings:pricing")
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    products = list(
        Product.objects.for_seller(seller).filter(status=Product.Status.ACTIVE)[:PREVIEW_PRODUCTS]
    )
    rates = RateTable.load()
    quotes = prices_for(seller, products, marketplaces, rates=rates)
    preview = [
        {
            "marketplace": m,
            "rule": overrides.get(m.pk),
            "quotes": [(p, quotes[(p.pk, m.code)]) for p in products],
        }
        for m in marketplaces
    ]
    latest_rates = rates.latest_rates()
    return render(
        request,
        "listings/pricing.html",
        {
            "rule_form": rule_form,
            "override_form": override_form,
            "overrides": sorted(overrides.values(), key=lambda r: r.marketplace.code),
            "preview": preview,
            "products": products,
            "rates": latest_rates,
            "rate_table": rates,
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(PricingRule)
@login_required
@require_http_methods(["GET", "POST"])
def pricing_override(request, pk: int):
    seller_required(request)
    rule = get_object_or_404(
        PricingRule.objects.for_seller(request.seller).select_related("marketplace"),
        pk=pk,
        marketplace__isnull=False,
    )
    form = PricingRuleForm(instance=rule)
    if request.method == "POST":
        writer_required(request)
        if "delete" in request.POST:
            rule.delete()
            messages.success(request, _("The rule for %(m)s was removed.") % {"m": rule.marketplace.name})
            return redirect("listings:pricing")
        form = PricingRuleForm(request.POST, instance=rule)
        if form.is_valid():
            form.save()
            messages.success(request, _("Rule for %(m)s saved.") % {"m": rule.marketplace.name})
            return redirect("listings:pricing")
    return render(request, "listings/pricing_override.html", {"rule": rule, "form": form})


# --- localisation -------------------------------------------------------------------------


@login_required
@require_GET
def translations(request):
    """Completeness per language, and machine text waiting for a person's approval."""
    seller_required(request)
    pending = (
        Translation.objects.for_seller(request.seller)
        .filter(approved=False)
        .select_related("product")
        .order_by("locale", "product__sku")
    )
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    glossaries = glossaries_by_target(request.seller, targets=sorted({language_of(t.locale) for t in rows}))
    return render(
        request,
        "listings/translations.html",
        {
            "completeness": completeness(request.seller),
            "page": page,
            "pending": [(t, glossaries[language_of(t.locale)].highlight(t.title)) for t in rows],
            "can_write": request.membership.can_write,
        },
    )


@tenant_object_view(Translation)
@login_required
@require_POST
def translation_approve(request, pk: int):
    writer_required(request)
    translation = get_object_or_404(Translation.objects.for_seller(request.seller), pk=pk)
    approve_translation(seller=request.seller, translation=translation, user=request.user)
    messages.success(request, _("Translation approved."))
    return redirect("listings:translations")


@login_required
@require_POST
def translations_machine_fill(request):
    writer_required(request)
    with transaction.atomic():
        job = start_machine_translate(seller=request.seller, started_by=request.user)
    return redirect("job_detail", job_id=job.pk)


# --- brand store --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def storefront(request):
    """Edit the brand store; links to its preview in every marketplace."""
    seller_required(request)
    seller = request.seller
    store = get_store(seller)
    choices = list(
        Product.objects.for_seller(seller)
        .filter(status=Product.Status.ACTIVE)
        .values_list("pk", "sku", "title")
    )
    product_choices = [(pk, f"{sku} — {title}") for pk, sku, title in choices]
    initial = (
        {"featured": [str(pk) for pk in featured_ids(store).values_list("product_id", flat=True)]}
        if store
        else {}
    )
    form = BrandStoreForm(instance=store, initial=initial, product_choices=product_choices)
    if request.method == "POST":
        writer_required(request)
        form = BrandStoreForm(request.POST, instance=store, product_choices=product_choices)
        if form.is_valid():
            try:
                save_brand_store(
                    seller=seller,
                    name=form.cleaned_data["name"],
                    hero_title=form.cleaned_data["hero_title"],
                    hero_subtitle=form.cleaned_data["hero_subtitle"],
                    brand_story=form.cleaned_data["brand_story"],
                    featured_product_ids=[int(pk) for pk in form.cleaned_data["featured"]],
                )
            except InvalidInput as exc:
                for field, errors in exc.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Brand store saved."))
                return redirect("listings:storefront")
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    return render(
        request,
        "listings/storefront.html",
        {
            "form": form,
            "store": store,
            "marketplaces": [(m, theme_for(m)) for m in marketplaces],
            "can_write": request.membership.can_write,
        },
    )


@not_tenant_object_view("the URL names a marketplace (reference data); the store is the request seller's")
@login_required
@require_GET
def storefront_preview(request, code: str):
    seller_required(request)
    marketplace = Marketplace.objects.filter(code=code.upper(), is_active=True).first()
    if marketplace is None:
        raise Http404(_("No such marketplace."))
    page = storefront_page(request.seller, marketplace, locale=request.GET.get("locale"))
    if page is None:
        messages.info(request, _("Create your brand store first."))
        return redirect("listings:storefront")
    return render(request, "listings/storefront_preview.html", {"page": page})


# --- reviews ------------------------------------------------------------------------------


@login_required
@require_GET
def reviews(request):
    """Ratings per product and marketplace, and the reviews of one product as one marketplace shows them."""
    seller_required(request)
    seller = request.seller
    per_product, per_market = rating_aggregates(seller)
    products = {
        p.pk: p for p in Product.objects.for_seller(seller).filter(pk__in=list(per_product)).order_by("sku")
    }
    rows = [
        {
            "product": products[pid],
            "total": agg,
            "markets": sorted(
                ((code, a) for (p, code), a in per_market.items() if p == pid), key=lambda x: x[0]
            ),
        }
        for pid, agg in per_product.items()
        if pid in products
    ]
    rows.sort(key=lambda row: row["product"].sku)
    marketplaces = list(Marketplace.objects.filter(is_active=True).order_by("code"))
    chosen_product = (
        products.get(int(request.GET["product"])) if request.GET.get("product", "").isdigit() else None
    )
    chosen_market = next((m for m in marketplaces if m.code == request.GET.get("marketplace", "US")), None)
    shown = []
    if chosen_product is not None and chosen_market is not None:
        shown = reviews_for_marketplace(seller, product=chosen_product, marketplace=chosen_market)
    return render(
        request,
        "listings/reviews.html",
        {
            "rows": rows,
            "marketplaces": marketplaces,
            "chosen_product": chosen_product,
            "chosen_market": chosen_market,
            "shown": shown,
        },
    )
