"""Tables of the brands app, one module per concern."""

from brands.models.monitoring import BrandCase, MonitoringRun
from brands.models.project_zero import ProjectZeroMembership
from brands.models.registry import Brand, BrandAuthorisation, BrandEvidence, TrademarkOffice
from brands.models.takedowns import Appeal, Takedown
from brands.models.transparency import TransparencyBatch, TransparencyCode, TransparencyEnrolment

__all__ = [
    "Appeal",
    "Brand",
    "BrandAuthorisation",
    "BrandCase",
    "BrandEvidence",
    "MonitoringRun",
    "ProjectZeroMembership",
    "Takedown",
    "TrademarkOffice",
    "TransparencyBatch",
    "TransparencyCode",
    "TransparencyEnrolment",
]
