"""Quote and compare: every valid lane for a carton set, priced, timed and ranked.

`quote_lanes(seller=..., origin_country=..., destination_country=..., cartons=[...])` answers a
`Quote`: for each lane valid on the ready date, the itemised freight (freight, fuel surcharge,
minimum-charge uplift) on its rate card, the chargeable weight, the departure (the next cut-off
day) and the ETA window; the cheapest, the fastest and the best value marked; and, when the
cargo's items are given, the landed cost per unit with duty and import VAT.

Best value is the lowest score = landed total in the comparison currency + value_per_day ×
days from the ready date to the latest ETA. `value_per_day` is what a day of stock on the way
costs the seller (capital tied up, sales missed); by default 0.2% of the goods' value per day
(about 73% a year, the order of a seller's margin on stock), or the value the caller gives.
Without goods value and without `value_per_day`, best value is the cheapest.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from listings.models import Product
from logistics.engine.rating import Carton, CartonArrays, RateArrays, rate_freight, to_kg, to_money
from logistics.models import Lane, Mode, RateCard
from logistics.services.currency import LaneCurrencyConverter
from logistics.services.customs import (
    CIF_VALUATION,
    duty_rates,
    import_vat_rate,
    normalise_country,
)
from portal.exceptions import InvalidInput
from portal.models import ISO_CURRENCIES

DEFAULT_VALUE_PER_DAY_RATE = Decimal("0.002")
MAX_CARTONS = 5000
MAX_ITEMS = 500
MAX_CARTON_WEIGHT_G = 1_000_000
MAX_CARTON_SIDE_MM = 20_000


@dataclass(frozen=True)
class QuoteItem:
    product_id: int
    quantity: int
    unit_value: Decimal | None = None
    currency: str | None = None


@dataclass
class ItemLandedCost:
    product_id: int
    sku: str
    hs_code: str
    quantity: int
    unit_value: Decimal
    freight_share: Decimal
    duty_rate: Decimal | None
    duty_source: str
    duty: Decimal
    vat: Decimal
    landed_total: Decimal
    landed_per_unit: Decimal


@dataclass
class LaneQuote:
    lane: Lane
    rate_card: RateCard
    currency: str
    actual_kg: Decimal
    volumetric_kg: Decimal
    chargeable_kg: Decimal
    volumetric_applies: bool
    freight: Decimal
    fuel_surcharge: Decimal
    min_charge_uplift: Decimal
    total: Decimal
    compare_currency: str
    total_compared: Decimal
    departure: datetime.date
    eta_earliest: datetime.date
    eta_latest: datetime.date
    days_to_eta: int
    duty_total: Decimal = Decimal("0")
    vat_total: Decimal = Decimal("0")
    landed_total: Decimal | None = None
    score: Decimal = Decimal("0")
    is_cheapest: bool = False
    is_fastest: bool = False
    is_best_value: bool = False
    items: list[ItemLandedCost] = field(default_factory=list)


@dataclass
class ExcludedLane:
    lane: Lane
    reason: str


@dataclass
class Quote:
    origin_country: str
    destination_country: str
    ready_on: datetime.date
    compare_currency: str
    value_per_day: Decimal
    carton_count: int
    total_weight_kg: Decimal
    total_volume_cbm: Decimal
    goods_value: Decimal | None
    vat_rate: Decimal
    lanes: list[LaneQuote]
    excluded: list[ExcludedLane]
    warnings: list[str]

    @property
    def cheapest(self) -> LaneQuote | None:
        return next((q for q in self.lanes if q.is_cheapest), None)

    @property
    def fastest(self) -> LaneQuote | None:
        return next((q for q in self.lanes if q.is_fastest), None)

    @property
    def best_value(self) -> LaneQuote | None:
        return next((q for q in self.lanes if q.is_best_value), None)


def next_departure(ready_on: datetime.date, cutoff_weekday: int | None) -> datetime.date:
    """The first cut-off day on or after the ready date (the ready date itself for daily lanes)."""
    if cutoff_weekday is None:
        return ready_on
    return ready_on + datetime.timedelta(days=(cutoff_weekday - ready_on.weekday()) % 7)


def _validate_cartons(cartons: Sequence[Carton | dict]) -> list[Carton]:
    errors: dict[str, list[str]] = {}
    if not cartons:
        raise InvalidInput(
            fields={"cartons": [_("Give at least one carton with its weight and dimensions.")]}
        )
    if len(cartons) > MAX_CARTONS:
        raise InvalidInput(fields={"cartons": [_("At most %(n)d cartons per quote.") % {"n": MAX_CARTONS}]})
    result = []
    for i, raw in enumerate(cartons):
        data = raw.__dict__ if isinstance(raw, Carton) else raw
        values = {}
        for name, limit in (
            ("weight_g", MAX_CARTON_WEIGHT_G),
            ("length_mm", MAX_CARTON_SIDE_MM),
            ("width_mm", MAX_CARTON_SIDE_MM),
            ("height_mm", MAX_CARTON_SIDE_MM),
        ):
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
                errors[f"cartons.{i}.{name}"] = [
                    _("A whole number from 1 to %(limit)d; got %(value)r.") % {"limit": limit, "value": value}
                ]
            else:
                values[name] = value
        if len(values) == 4:
            result.append(Carton(**values))
    if errors:
        raise InvalidInput(fields=errors)
    return result


def _validate_country(name: str, value: str) -> str:
    code = normalise_country(value)
    if len(code) != 2 or not code.isalpha():
        raise InvalidInput(fields={name: [_("A two-letter ISO country code, for example CN or US.")]})
    return code


def _lanes_with_cards(
    *, origin: str, destination: str, destination_code: str, ready_on: datetime.date
) -> tuple[list[tuple[Lane, RateCard]], list[ExcludedLane]]:
    lanes = list(
        Lane.objects.valid_on(ready_on)
        .filter(origin_country=origin, destination_country=destination)
        .filter(Q(destination_code="") | Q(destination_code=destination_code))
        .select_related("program")
    )
    cards: dict[int, RateCard] = {}
    for card in (
        RateCard.objects.filter(lane__in=lanes, valid_from__lte=ready_on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=ready_on))
        .order_by("lane_id", "-valid_from")
    ):
        cards.setdefault(card.lane_id, card)
    priced, excluded = [], []
    for lane in lanes:
        card = cards.get(lane.pk)
        if card is None:
            excluded.append(ExcludedLane(lane, _("No rate card is valid on %(day)s.") % {"day": ready_on}))
        else:
            priced.append((lane, card))
    return priced, excluded


def _goods(
    *, seller, items: Sequence[QuoteItem | dict], currency: str, converter: LaneCurrencyConverter
) -> tuple[list[tuple[Product, int, Decimal]], list[str]]:
    """Each item's product, quantity and unit value in the comparison currency."""
    if not items:
        return [], []
    if len(items) > MAX_ITEMS:
        raise InvalidInput(fields={"items": [_("At most %(n)d items per quote.") % {"n": MAX_ITEMS}]})
    parsed = [QuoteItem(**item) if isinstance(item, dict) else item for item in items]
    products = Product.objects.for_seller(seller).in_bulk([item.product_id for item in parsed])
    errors: dict[str, list[str]] = {}
    goods = []
    for i, item in enumerate(parsed):
        product = products.get(item.product_id)
        if product is None:
            errors[f"items.{i}.product_id"] = [
                _("No product %(id)s in your catalogue.") % {"id": item.product_id}
            ]
            continue
        if isinstance(item.quantity, bool) or not isinstance(item.quantity, int) or item.quantity < 1:
            errors[f"items.{i}.quantity"] = [_("A whole number of units, at least 1.")]
            continue
        value, value_currency = item.unit_value, item.currency or currency
        if value is None:
            value, value_currency = product.unit_cost, product.unit_cost_currency
        if value is None:
            errors[f"items.{i}.unit_value"] = [
                _("Give the unit value: product %(sku)s has no unit cost.") % {"sku": product.sku}
            ]
            continue
        if value_currency not in ISO_CURRENCIES:
            errors[f"items.{i}.currency"] = [_("An ISO 4217 currency code, for example USD.")]
            continue
        rate = converter.rate_from(value_currency)
        if rate is None:
            errors[f"items.{i}.unit_value"] = [
                _("No exchange rate from %(from)s to %(to)s: give the unit value in %(to)s.")
                % {"from": value_currency, "to": currency}
            ]
            continue
        goods.append((product, item.quantity, to_money(float(Decimal(value) * rate), currency)))
    if errors:
        raise InvalidInput(fields=errors)
    return goods, []


def quote_lanes(
    *,
    seller,
    origin_country: str,
    destination_country: str,
    cartons: Sequence[Carton | dict],
    items: Sequence[QuoteItem | dict] = (),
    destination_code: str = "",
    ready_on: datetime.date | None = None,
    currency: str | None = None,
    value_per_day: Decimal | None = None,
    modes: Sequence[str] | None = None,
) -> Quote:
    """Price a carton set on every lane from origin to destination valid on `ready_on`.

    Raises InvalidInput naming each bad field (cartons by index, unknown products, bad
    countries or currency). Lanes without a valid rate card, or priced in a currency that
    cannot be converted into the comparison currency, are listed in `excluded` with the reason.
    """
    origin = _validate_country("origin_country", origin_country)
    destination = _validate_country("destination_country", destination_country)
    carton_list = _validate_cartons(cartons)
    if currency is not None and currency not in ISO_CURRENCIES:
        raise InvalidInput(fields={"currency": [_("An ISO 4217 currency code, for example USD.")]})
    if modes:
        unknown = sorted(set(modes) - set(Mode.values))
        if unknown:
            raise InvalidInput(
                fields={
                    "modes": [
                        _("Unknown mode %(m)s; allowed: %(allowed)s.")
                        % {"m": ", ".join(unknown), "allowed": ", ".join(Mode.values)}
                    ]
                }
            )
    if value_per_day is not None and value_per_day < 0:
        raise InvalidInput(fields={"value_per_day": [_("Zero or more.")]})
    ready_on = ready_on or timezone.localdate()

    priced, excluded = _lanes_with_cards(
        origin=origin, destination=destination, destination_code=destination_code, ready_on=ready_on
    )
    if modes:
        priced = [(lane, card) for lane, card in priced if lane.mode in modes]
    card_currencies = {card.currency for _lane, card in priced}
    compare_currency = currency or (card_currencies.pop() if len(card_currencies) == 1 else "USD")
    converter = LaneCurrencyConverter(compare_currency)
    comparable = []
    for lane, card in priced:
        rate = converter.rate_from(card.currency)
        if rate is None:
            excluded.append(
                ExcludedLane(
                    lane,
                    _("Priced in %(cur)s, which cannot be converted to %(to)s: no exchange rate.")
                    % {"cur": card.currency, "to": compare_currency},
                )
            )
        else:
            comparable.append((lane, card, rate))

    goods, warnings = _goods(seller=seller, items=items, currency=compare_currency, converter=converter)
    arrays = CartonArrays.from_cartons(carton_list)
    goods_value = sum((unit * qty for _p, qty, unit in goods), Decimal("0")) if goods else None
    if value_per_day is None:
        value_per_day = to_money(float((goods_value or 0) * DEFAULT_VALUE_PER_DAY_RATE), compare_currency)
    vat_rate = import_vat_rate(destination)
    quote = Quote(
        origin_country=origin,
        destination_country=destination,
        ready_on=ready_on,
        compare_currency=compare_currency,
        value_per_day=value_per_day,
        carton_count=len(carton_list),
        total_weight_kg=to_kg(arrays.total_weight_kg),
        total_volume_cbm=Decimal(repr(round(arrays.total_volume_cbm, 4))),
        goods_value=goods_value,
        vat_rate=vat_rate,
        lanes=[],
        excluded=excluded,
        warnings=warnings,
    )
    if not comparable:
        return quote

    lanes = [lane for lane, _card, _rate in comparable]
    cards = [card for _lane, card, _rate in comparable]
    fx = np.array([float(rate) for _l, _c, rate in comparable])
    result = rate_freight(
        arrays,
        RateArrays(
            wm_basis=np.array([c.basis == RateCard.Basis.WEIGHT_OR_MEASURE for c in cards]),
            per_piece=np.array([lane.mode == Mode.EXPRESS for lane in lanes]),
            per_kg=np.array([float(c.per_kg) for c in cards]),
            per_cbm=np.array([float(c.per_cbm) for c in cards]),
            divisor=np.array([float(c.volumetric_divisor) for c in cards]),
            min_charge=np.array([float(c.min_charge) for c in cards]),
            fuel_pct=np.array([float(c.fuel_surcharge_pct) for c in cards]),
        ),
    )
    total_compared = result.total * fx
    departures = [next_departure(ready_on, lane.cutoff_weekday) for lane in lanes]
    days_to_eta = np.array(
        [(dep - ready_on).days + lane.transit_days_max for dep, lane in zip(departures, lanes, strict=True)]
    )
    days_to_earliest = np.array(
        [(dep - ready_on).days + lane.transit_days_min for dep, lane in zip(departures, lanes, strict=True)]
    )

    duty_total = np.zeros(len(lanes))
    vat_total = np.zeros(len(lanes))
    item_rows: list[list[ItemLandedCost]] = [[] for _ in lanes]
    if goods:
        duty_total, vat_total, item_rows = _landed_costs(
            goods=goods,
            origin=origin,
            destination=destination,
            on=ready_on,
            freight_compared=total_compared,
            vat_rate=vat_rate,
            currency=compare_currency,
            warnings=warnings,
        )
    landed = float(goods_value or 0) + total_compared + duty_total + vat_total
    score = landed + float(value_per_day) * days_to_eta

    cheapest = int(np.lexsort((days_to_eta, np.round(total_compared, 6)))[0])
    fastest = int(np.lexsort((np.round(total_compared, 6), days_to_earliest, days_to_eta))[0])
    best = int(np.lexsort((days_to_eta, np.round(score, 6)))[0])
    for i, (lane, card) in enumerate(zip(lanes, cards, strict=True)):
        quote.lanes.append(
            LaneQuote(
                lane=lane,
                rate_card=card,
                currency=card.currency,
                actual_kg=to_kg(result.actual_kg[i]),
                volumetric_kg=to_kg(result.volumetric_kg[i]),
                chargeable_kg=to_kg(result.chargeable_kg[i]),
                volumetric_applies=bool(result.chargeable_kg[i] > result.actual_kg[i] + 1e-9),
                freight=to_money(result.freight[i], card.currency),
                fuel_surcharge=to_money(result.fuel[i], card.currency),
                min_charge_uplift=to_money(result.min_charge_uplift[i], card.currency),
                total=to_money(result.total[i], card.currency),
                compare_currency=compare_currency,
                total_compared=to_money(total_compared[i], compare_currency),
                departure=departures[i],
                eta_earliest=departures[i] + datetime.timedelta(days=lane.transit_days_min),
                eta_latest=departures[i] + datetime.timedelta(days=lane.transit_days_max),
                days_to_eta=int(days_to_eta[i]),
                duty_total=to_money(duty_total[i], compare_currency),
                vat_total=to_money(vat_total[i], compare_currency),
                landed_total=to_money(landed[i], compare_currency) if goods else None,
                score=to_money(score[i], compare_currency),
                is_cheapest=i == cheapest,
                is_fastest=i == fastest,
                is_best_value=i == best,
                items=item_rows[i],
            )
        )
    quote.lanes.sort(key=lambda q: (q.score, q.days_to_eta, q.lane.code))
    return quote


def _landed_costs(
    *,
    goods: list[tuple[Product, int, Decimal]],
    origin: str,
    destination: str,
    on: datetime.date,
    freight_compared: np.ndarray,
    vat_rate: Decimal,
    currency: str,
    warnings: list[str],
):
    """Duty, VAT and landed cost per unit for every lane × item, as (m, k) arrays.

    Freight is shared among items by volume when every product has dimensions, else by units.
    Duty is levied on the goods' value (FOB countries) or on value plus freight (CIF countries);
    import VAT on value plus freight plus duty.
    """
    quantities = np.array([qty for _p, qty, _u in goods], dtype=np.float64)
    unit_values = np.array([float(unit) for _p, _q, unit in goods])
    values = unit_values * quantities
    volumes = [p.volume_cm3 for p, _q, _u in goods]
    weights = np.array(volumes, dtype=np.float64) * quantities if all(volumes) else quantities.copy()
    share = weights / weights.sum()
    lookups = duty_rates(
        hs_codes=[p.hs_code for p, _q, _u in goods if p.hs_code],
        destination=destination,
        origin=origin,
        on=on,
    )
    rates = []
    for product, _q, _u in goods:
        found = lookups.get(product.hs_code) if product.hs_code else None
        if not product.hs_code:
            warnings.append(_("%(sku)s has no HS code: its duty is not included.") % {"sku": product.sku})
        elif found.rate is None:
            warnings.append(
                _(
                    "No duty rate for HS %(hs)s into %(dest)s: its duty is not included; operators add rates "
                    "in the duty-rate table."
                )
                % {"hs": product.hs_code, "dest": destination}
            )
        rates.append(found.rate if found and found.rate is not None else None)
    duty_rate = np.array([float(r) if r is not None else 0.0 for r in rates])

    freight_share = freight_compared[:, np.newaxis] * share[np.newaxis, :]  # (m, k)
    customs_value = values[np.newaxis, :] + freight_share * (1.0 if destination in CIF_VALUATION else 0.0)
    duty = customs_value * duty_rate[np.newaxis, :]
    vat = (values[np.newaxis, :] + freight_share + duty) * float(vat_rate)
    landed = values[np.newaxis, :] + freight_share + duty + vat
    rows = []
    for i in range(freight_compared.shape[0]):
        rows.append(
            [
                ItemLandedCost(
                    product_id=product.pk,
                    sku=product.sku,
                    hs_code=product.hs_code,
                    quantity=qty,
                    unit_value=unit,
                    freight_share=to_money(freight_share[i, j], currency),
                    duty_rate=rates[j],
                    duty_source=lookups[product.hs_code].source if product.hs_code in lookups else "",
                    duty=to_money(duty[i, j], currency),
                    vat=to_money(vat[i, j], currency),
                    landed_total=to_money(landed[i, j], currency),
                    landed_per_unit=to_money(landed[i, j] / qty, currency),
                )
                for j, (product, qty, unit) in enumerate(goods)
            ]
        )
    return duty.sum(axis=1), vat.sum(axis=1), rows
