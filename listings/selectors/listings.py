"""Reads of listings for the pages and the API: the matrix, one listing, a product's listings."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import Http404

from listings.models import Listing, Product
from portal.models import Marketplace, Seller

MATRIX_PAGE_SIZE = 50


@dataclass
class MatrixRow:
    product: Product
    cells: list[Listing | None]


@dataclass
class Matrix:
    marketplaces: list[Marketplace]
    page: Page
    rows: list[MatrixRow]


def listing_matrix(
    *,
    seller: Seller,
    state: str = "",
    region: str = "",
    query: str = "",
    page_number=1,
    per_page=MATRIX_PAGE_SIZE,
) -> Matrix:
    """Products × marketplaces with the listing (or None) in each cell, one page of products.

    Four queries whatever the page size: marketplaces, the product count, the page of
    products, and their listings in the shown marketplaces. `state` keeps the products
    with at least one listing in that state (in the shown marketplaces).
    """
    marketplaces = Marketplace.objects.filter(is_active=True).order_by("code")
    if region:
        marketplaces = marketplaces.filter(region=region)
    marketplaces = list(marketplaces)
    products = Product.objects.for_seller(seller).order_by("sku")
    if query:
        products = products.filter(sku__icontains=query) | products.filter(title__icontains=query)
    if state:
        with_state = Listing.objects.for_seller(seller).filter(
            state=state, marketplace_id__in=[m.pk for m in marketplaces]
        )
        products = products.filter(pk__in=with_state.values("product_id"))
    page = Paginator(products.only("pk", "sku", "title", "status"), per_page).get_page(page_number)
    product_list = list(page.object_list)
    listings = (
        Listing.objects.for_seller(seller)
        .filter(product_id__in=[p.pk for p in product_list], marketplace_id__in=[m.pk for m in marketplaces])
        .only(
            "pk", "product_id", "marketplace_id", "state", "price", "currency", "overrides", "blocked_reasons"
        )
    )
    by_cell = {(listing.product_id, listing.marketplace_id): listing for listing in listings}
    rows = [
        MatrixRow(product, [by_cell.get((product.pk, m.pk)) for m in marketplaces])
        for product in product_list
    ]
    return Matrix(marketplaces=marketplaces, page=page, rows=rows)


def access_listing(*, seller: Seller, listing_id) -> Listing:
    """One listing of this seller; Http404 whether it does not exist or is another seller's."""
    listing = (
        Listing.objects.for_seller(seller)
        .select_related("product", "marketplace")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        raise Http404("No such listing.")
    return listing


def listings_of_product(*, seller: Seller, product: Product) -> list[Listing]:
    return list(
        Listing.objects.for_seller(seller)
        .filter(product=product)
        .select_related("marketplace")
        .order_by("marketplace__code")
    )
