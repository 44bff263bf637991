"""factory_boy factories of the tenancy core."""

import factory
from django.contrib.auth import get_user_model

from portal.models import Membership, Seller


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Seller {n}")
    slug = factory.Sequence(lambda n: f"seller-{n}")
    home_currency = "CNY"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    seller = factory.SubFactory(SellerFactory)
    role = "operator"
