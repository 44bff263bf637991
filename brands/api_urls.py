"""Partner API routes of the brands app, included under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from brands.api.brands import BrandViewSet
from brands.api.cases import BrandCaseViewSet
from brands.api.transparency import TransparencyBatchViewSet, TransparencyVerifyView

router = SimpleRouter()
router.register("brands", BrandViewSet, basename="brand")
router.register("brand-cases", BrandCaseViewSet, basename="brand-case")
router.register("transparency-batches", TransparencyBatchViewSet, basename="transparency-batch")

urlpatterns = [
    path("transparency/verify/", TransparencyVerifyView.as_view(), name="transparency-verify"),
    *router.urls,
]
