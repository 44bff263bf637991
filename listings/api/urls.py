"""Partner API routes of the listings app, included under /api/v1/."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

# Localisation, FX and reviews.
from listings.api.fx_rates import FxRateViewSet  # noqa: E402
from listings.api.reviews import ReviewViewSet  # noqa: E402
from listings.api.translations import TranslationViewSet  # noqa: E402

router.register("fx-rates", FxRateViewSet, basename="fx-rate")
router.register("translations", TranslationViewSet, basename="translation")
router.register("reviews", ReviewViewSet, basename="review")

urlpatterns = [*router.urls]
