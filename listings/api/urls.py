"""Partner API routes of the listings app, included under /api/v1/."""

urlpatterns = []
