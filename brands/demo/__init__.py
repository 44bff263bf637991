"""Demo data of brand protection, added by `manage.py seed_demo` (see brands.receivers)."""

from brands.demo.protection import create_demo_brand_protection

__all__ = ["create_demo_brand_protection"]
