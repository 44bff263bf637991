"""Channel orders (multi-channel fulfilment): connections, SKU mappings, orders and their allocations.

An order from Shopify, eBay, TikTok Shop, Walmart, Temu, SHEIN or a marketplace reserves
units of the seller's one stock pool at the node that serves its ship-to country. The
quantities themselves live in the ledger (`inventory.models.ledger`); the rows here say
which order holds which units where (`OrderAllocation`).
"""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import validate_currency
from portal.tenancy import TenantModel

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Two capital letters: the ISO 3166 country code (for example US, DE, JP).")
)
shop_domain_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$",
    _("The shop's myshopify.com domain, for example brightora.myshopify.com."),
)


class Channel(models.TextChoices):
    SHOPIFY = "shopify", _("Shopify")
    EBAY = "ebay", _("eBay")
    TIKTOK = "tiktok", _("TikTok Shop")
    WALMART = "walmart", _("Walmart")
    TEMU = "temu", _("Temu")
    SHEIN = "shein", _("SHEIN")
    MARKETPLACE = "marketplace", _("Marketplace")


class ShortStockPolicy(models.TextChoices):
    BACKORDER = "backorder", _("Backorder: reserve an order only when all of it can be reserved")
    PARTIAL = "partial", _("Partial fulfilment: reserve and ship what is in stock, backorder the rest")


class UnshippedOrders(models.TextChoices):
    """What a connection does with orders that have nothing to ship to (pick-up, digital)."""

    RECORD = "record", _("Record them; the shop fulfils them itself")
    RESERVE = "reserve", _("Reserve stock for them, in the billing address's country")


class OrderSettings(TenantModel):
    """A seller's choices for channel orders (one row per seller, created on first use)."""

    short_stock_policy = models.CharField(
        _("when stock is short"),
        max_length=12,
        choices=ShortStockPolicy.choices,
        default=ShortStockPolicy.BACKORDER,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller"], name="ordersettings_one_per_seller")]
        verbose_name = _("order settings")
        verbose_name_plural = _("order settings")

    def __str__(self) -> str:
        return f"{self.seller_id}: {self.short_stock_policy}"


class ChannelConnection(TenantModel):
    """One sales channel account of a seller: a Shopify shop, an eBay account, a marketplace feed.

    Shopify signs each webhook with the shop's secret, so the secret is kept as given (a
    hash could not verify a signature). The `uuid` names the connection in its webhook URL.
    """

    uuid = models.UUIDField(_("webhook key"), default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    name = models.CharField(_("name"), max_length=100)
    shop_domain = models.CharField(
        _("shop domain"), max_length=255, blank=True, validators=[shop_domain_validator]
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=200,
        blank=True,
        help_text=_("Shopify: the secret shown under Settings → Notifications → Webhooks, or the app's."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    unshipped_orders = models.CharField(
        _("orders with nothing to ship"),
        max_length=10,
        choices=UnshippedOrders.choices,
        default=UnshippedOrders.RECORD,
        help_text=_("Pick-up and digital orders: record them only, or reserve stock for them."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["channel", "name"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "name"], name="channelconnection_unique_name"),
            models.UniqueConstraint(
                fields=["shop_domain"],
                condition=~Q(shop_domain=""),
                name="channelconnection_unique_shop",
            ),
        ]
        verbose_name = _("channel connection")
        verbose_name_plural = _("channel connections")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.name}"

    @property
    def webhook_path(self) -> str:
        """The path Shopify is to call (give Shopify the absolute URL); empty for other channels."""
        if self.channel != Channel.SHOPIFY:
            return ""
        return reverse("shopify_webhook", kwargs={"connection_uuid": self.uuid})


class ChannelSkuMapping(TenantModel):
    """The channel's SKU for one of the seller's products, per connection."""

    connection = models.ForeignKey(
        ChannelConnection, on_delete=models.CASCADE, related_name="sku_mappings", verbose_name=_("connection")
    )
    channel_sku = models.CharField(_("channel SKU"), max_length=255)
    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["connection", "channel_sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "channel_sku"], name="skumapping_unique_channel_sku"
            )
        ]
        verbose_name = _("channel SKU mapping")
        verbose_name_plural = _("channel SKU mappings")

    def __str__(self) -> str:
        return f"{self.channel_sku} → {self.product_id}"


class RingFence(TenantModel):
    """Units of a product at a node kept for one channel: other channels cannot take them.

    A reservation for any other connection may only take what stays above the sum of the
    other connections' fences; the fenced connection itself may take everything available.
    """

    connection = models.ForeignKey(
        ChannelConnection, on_delete=models.CASCADE, related_name="ring_fences", verbose_name=_("connection")
    )
    product = models.ForeignKey(
        "listings.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    quantity = models.PositiveIntegerField(_("units kept"), validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["connection", "product", "node"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "product", "node"], name="ringfence_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="ringfence_quantity_positive"),
        ]
        verbose_name = _("ring-fence")
        verbose_name_plural = _("ring-fences")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id} @ {self.node_id} for {self.connection_id}"


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESERVED = "reserved", _("Reserved")
    PARTIALLY_RESERVED = "partially_reserved", _("Partially reserved")
    BACKORDERED = "backordered", _("Backordered")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")
    # Kept and shown, never reserving stock: the channel's test notifications, and orders
    # with nothing to ship that the connection's settings leave to the shop.
    TEST = "test", _("Test (reserves nothing)")
    RECORDED = "recorded", _("Recorded (fulfilled by the shop)")


class ChannelOrder(TenantModel):
    """An order a channel sent us, unique per connection by the channel's own id."""

    Status = OrderStatus
    # Orders whose missing units are still looked for when stock arrives.
    WAITING = frozenset({OrderStatus.OPEN, OrderStatus.BACKORDERED, OrderStatus.PARTIALLY_RESERVED})
    FINISHED = frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.TEST, OrderStatus.RECORDED})

    connection = models.ForeignKey(
        ChannelConnection, on_delete=models.PROTECT, related_name="orders", verbose_name=_("connection")
    )
    external_id = models.CharField(_("channel order id"), max_length=100)
    reference = models.CharField(_("order number"), max_length=100, blank=True)
    marketplace = models.ForeignKey(
        "portal.Marketplace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marketplace"),
    )
    ship_to_country = models.CharField(
        _("ship-to country"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
        help_text=_("Empty for an order with nothing to ship (pick-up, digital goods)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.OPEN, db_index=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[validate_currency])
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "external_id"], name="channelorder_unique_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["seller", "-created_at"], name="channelorder_seller_recent"),
            models.Index(fields=["seller", "status"], name="channelorder_seller_status"),
        ]
        verbose_name = _("channel order")
        verbose_name_plural = _("channel orders")

    def __str__(self) -> str:
        return self.reference or self.external_id


class ChannelOrderLine(TenantModel):
    """One SKU of an order. `product` is empty while the channel SKU is not mapped: the line is
    kept (never dropped) and flagged until the seller maps it."""

    order = models.ForeignKey(ChannelOrder, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveSmallIntegerField(_("line"))
    external_line_id = models.CharField(_("channel line id"), max_length=100, blank=True)
    # Shopify allows SKUs of 255 characters.
    channel_sku = models.CharField(_("channel SKU"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    product = models.ForeignKey(
        "listings.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    quantity_reserved = models.PositiveIntegerField(_("reserved"), default=0)
    quantity_shipped = models.PositiveIntegerField(_("shipped"), default=0)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["order", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_number"], name="orderline_unique_number"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_quantity_positive"),
            models.CheckConstraint(
                condition=Q(quantity__gte=models.F("quantity_reserved") + models.F("quantity_shipped")),
                name="orderline_not_over_allocated",
            ),
        ]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.order_id}/{self.line_number}: {self.quantity} × {self.channel_sku}"

    @property
    def is_unmapped(self) -> bool:
        return self.product_id is None

    @property
    def quantity_missing(self) -> int:
        """Units neither reserved nor shipped: the backorder."""
        return self.quantity - self.quantity_reserved - self.quantity_shipped


class OrderAllocation(TenantModel):
    """Units of one order line reserved at one node (a line may be split over nodes)."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        SHIPPED = "shipped", _("Shipped")
        RELEASED = "released", _("Released")

    line = models.ForeignKey(ChannelOrderLine, on_delete=models.CASCADE, related_name="allocations")
    node = models.ForeignKey(
        "inventory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RESERVED)
    created_at = models.DateTimeField(_("reserved"), default=timezone.now)
    finished_at = models.DateTimeField(_("shipped or released"), null=True, blank=True)

    class Meta:
        ordering = ["line", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="orderallocation_positive")]
        indexes = [models.Index(fields=["seller", "status"], name="orderallocation_seller_status")]
        verbose_name = _("order allocation")
        verbose_name_plural = _("order allocations")

    def __str__(self) -> str:
        return f"{self.quantity} @ {self.node_id} ({self.status})"


class ShopifyWebhookDelivery(TenantModel):
    """A verified Shopify webhook delivery, kept by its `X-Shopify-Webhook-Id` so a repeat
    delivery is recognised and changes nothing."""

    connection = models.ForeignKey(ChannelConnection, on_delete=models.CASCADE, related_name="deliveries")
    webhook_id = models.CharField(_("delivery id"), max_length=100)
    topic = models.CharField(_("topic"), max_length=60)
    order = models.ForeignKey(
        ChannelOrder, on_delete=models.SET_NULL, null=True, blank=True, related_name="shopify_deliveries"
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "webhook_id"], name="shopifydelivery_unique_id")
        ]
        verbose_name = _("Shopify webhook delivery")
        verbose_name_plural = _("Shopify webhook deliveries")

    def __str__(self) -> str:
        return f"{self.topic} {self.webhook_id}"
