"""Partner API routes of the inventory app, included under /api/v1/."""

urlpatterns = []
