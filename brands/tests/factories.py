"""factory_boy factories of brand protection."""

from __future__ import annotations

from decimal import Decimal

import factory

from brands.engine import normalise
from brands.engine.gtin import check_digit, new_serials
from brands.models import (
    Appeal,
    Brand,
    BrandAuthorisation,
    BrandCase,
    BrandEvidence,
    ProjectZeroMembership,
    Takedown,
    TransparencyBatch,
    TransparencyCode,
    TransparencyEnrolment,
)
from listings.tests.factories import ProductFactory
from portal.tests.factories import SellerFactory

# Letters that fold to themselves alone (not i/l, m/rn, w/vv), so keys never collide.
UNFOLDED = "abcdefghjkpqstuxyz"


def letters(n: int) -> str:
    """n written in UNFOLDED letters: distinct brand names with distinct matching keys."""
    out = ""
    while True:
        n, digit = divmod(n, len(UNFOLDED))
        out = UNFOLDED[digit] + out
        if n == 0:
            return out


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    seller = factory.SubFactory(SellerFactory)
    name = factory.Sequence(lambda n: f"Lumivex {letters(n)}")
    match_key = factory.LazyAttribute(lambda o: normalise.key(o.name))
    trademark_number = factory.Sequence(lambda n: f"0187{n:05d}")
    office = "EUIPO"
    classes = factory.LazyFunction(lambda: [9])
    status = Brand.Status.VERIFIED


class BrandEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandEvidence

    seller = factory.SubFactory(SellerFactory)
    brand = factory.SubFactory(BrandFactory, seller=factory.SelfAttribute("..seller"))
    file = factory.django.FileField(filename="certificate.pdf", data=b"%PDF-1.4\n%%EOF\n")
    description = "certificate.pdf"
    content_type = "application/pdf"


class BrandAuthorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandAuthorisation

    seller = factory.SubFactory(SellerFactory)
    brand = factory.SubFactory(BrandFactory, seller=factory.SelfAttribute("..seller"))
    authorised_seller = factory.SubFactory(SellerFactory)


class BrandCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandCase

    seller = factory.SubFactory(SellerFactory)
    brand = factory.SubFactory(BrandFactory, seller=factory.SelfAttribute("..seller"))
    accused_seller = factory.SubFactory(SellerFactory)
    product = factory.SubFactory(ProductFactory, seller=factory.SelfAttribute("..accused_seller"))
    store_name = "Copycat Store"
    marketplaces = factory.LazyFunction(lambda: ["US"])
    rule = "exact"
    score = Decimal("1.000")
    evidence = factory.LazyAttribute(
        lambda o: {"field": "title", "text": f"{o.brand.name} lamp", "start": 0, "end": len(o.brand.name)}
    )


class TakedownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Takedown

    seller = factory.SubFactory(SellerFactory)
    case = factory.SubFactory(BrandCaseFactory, accused_seller=factory.SelfAttribute("..seller"))
    product = factory.SelfAttribute("case.product")
    brand_name = factory.SelfAttribute("case.brand.name")
    rule = "exact"
    marketplaces = factory.LazyFunction(lambda: ["US"])


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    seller = factory.SubFactory(SellerFactory)
    takedown = factory.SubFactory(TakedownFactory, seller=factory.SelfAttribute("..seller"))
    statement = "We bought these units from the brand's distributor."


class ProjectZeroMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectZeroMembership

    seller = factory.SubFactory(SellerFactory)


def gtin13(n: int) -> str:
    """A valid GTIN-13 under the made-up company prefix 694812."""
    body = f"694812{n:06d}"
    return body + str(check_digit(body))


class TransparencyEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransparencyEnrolment

    seller = factory.SubFactory(SellerFactory)
    brand = factory.SubFactory(BrandFactory, seller=factory.SelfAttribute("..seller"))
    product = factory.SubFactory(
        ProductFactory,
        seller=factory.SelfAttribute("..seller"),
        brand=factory.SelfAttribute("..brand.name"),
        gtin=factory.Sequence(gtin13),
    )
    gtin = factory.LazyAttribute(lambda o: o.product.gtin.zfill(14))


class TransparencyBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransparencyBatch

    seller = factory.SubFactory(SellerFactory)
    enrolment = factory.SubFactory(TransparencyEnrolmentFactory, seller=factory.SelfAttribute("..seller"))
    quantity = 3
    status = TransparencyBatch.Status.READY


class TransparencyCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransparencyCode

    seller = factory.SubFactory(SellerFactory)
    batch = factory.SubFactory(TransparencyBatchFactory, seller=factory.SelfAttribute("..seller"))
    serial = factory.LazyFunction(lambda: new_serials(1)[0])
