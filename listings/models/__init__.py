"""Tables of the listings app, one module per concern."""

from listings.models.catalogue import Product

# Catalogue, listings, compliance (catalogue branch).
from listings.models.compliance import ComplianceDocument, ComplianceRule, DocumentType
from listings.models.images import ProductImage
from listings.models.listing import Listing

__all__ = [
    "ComplianceDocument",
    "ComplianceRule",
    "DocumentType",
    "Listing",
    "Product",
    "ProductImage",
]
