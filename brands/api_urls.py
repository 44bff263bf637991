"""Partner API routes of the brands app, included under /api/v1/."""

urlpatterns = []
