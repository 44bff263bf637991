"""Partner API of the inventory app: serializers and viewsets, one module per concern."""
