"""Partner API routes of the logistics app, included under /api/v1/."""

urlpatterns = []
