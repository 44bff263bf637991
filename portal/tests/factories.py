"""factory_boy factories of the tenancy core."""

import factory
from django.contrib.auth import get_user_model

from portal.models import APIKey, Membership, Seller


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


class APIKeyFactory(factory.django.DjangoModelFactory):
    """A key row; for a key that can call the API use services.api_keys.create_api_key."""

    class Meta:
        model = APIKey

    seller = factory.SubFactory(SellerFactory)
    name = factory.Sequence(lambda n: f"Partner key {n}")
    prefix = factory.Sequence(lambda n: f"{n:012x}")
    key_hash = factory.Faker("sha256")
    scopes = factory.LazyFunction(lambda: ["seller:read"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.for_seller(kwargs["seller"]).create(*args, **kwargs)
