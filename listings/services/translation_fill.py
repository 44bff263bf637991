"""Machine-filling missing translations, and how complete each language is.

Translations are filled per language (`de`, `ja`), which serves every locale of that
language; a person may still save a locale of its own (`fr_BE`). Machine text is saved
with origin "machine", never approved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from listings.models import Product, Translation
from listings.services.localisation import language_of
from listings.services.translation_providers import TranslationRefused, provider_for
from portal.jobs import register_job_kind
from portal.models import JobRun, Marketplace, Seller
from portal.services.jobs import start_job


def marketplace_languages() -> list[str]:
    """Every language some active marketplace sells in, sorted."""
    languages = set()
    for default, others in Marketplace.objects.filter(is_active=True).values_list(
        "default_locale", "other_locales"
    ):
        languages.update(language_of(loc) for loc in [default, *others])
    return sorted(languages)


@dataclass(frozen=True)
class LanguageCompleteness:
    language: str
    products: int
    approved: int
    machine: int

    @property
    def missing(self) -> int:
        return max(0, self.products - self.approved - self.machine)

    @property
    def percent(self) -> int:
        if not self.products:
            return 100
        return round(100 * (self.approved + self.machine) / self.products)

    @property
    def approved_percent(self) -> int:
        if not self.products:
            return 100
        return round(100 * self.approved / self.products)


def completeness(seller: Seller, *, languages: list[str] | None = None) -> list[LanguageCompleteness]:
    """Per language: active products, how many have approved text, how many machine text only.

    A product counts as covered in its own source language. Two queries (products and
    translations); a product with both `fr` and `fr_BE` counts once, approved if either is.
    """
    languages = languages or marketplace_languages()
    sources = dict(
        Product.objects.for_seller(seller)
        .filter(status=Product.Status.ACTIVE)
        .values_list("pk", "source_language")
    )
    best: dict[tuple[int, str], bool] = {}
    for product_id, locale, approved in (
        Translation.objects.for_seller(seller)
        .filter(product_id__in=list(sources))
        .values_list("product_id", "locale", "approved")
    ):
        key = (product_id, language_of(locale))
        best[key] = best.get(key, False) or approved
    result = []
    for language in languages:
        approved = machine = 0
        for product_id, source in sources.items():
            if language_of(source) == language:
                approved += 1
            elif (product_id, language) in best:
                if best[(product_id, language)]:
                    approved += 1
                else:
                    machine += 1
        result.append(LanguageCompleteness(language, len(sources), approved, machine))
    return result


def machine_fill(*, seller: Seller, languages: list[str] | None = None, provider=None, progress=None) -> dict:
    """Translate every active product that has no text in a language, with the seller's provider.

    Answers counts per outcome and the languages it worked on. A provider that refuses the
    request (bad key) stops the run with TranslationRefused; one that is unavailable raises
    TranslationUnavailable for the job to retry. Already saved text is never overwritten.
    """
    languages = languages or marketplace_languages()
    provider = provider or provider_for(seller)
    products = list(Product.objects.for_seller(seller).filter(status=Product.Status.ACTIVE).order_by("pk"))
    have = defaultdict(set)
    for product_id, locale in Translation.objects.for_seller(seller).values_list("product_id", "locale"):
        have[product_id].add(language_of(locale))
    work: dict[tuple[str, str], list[Product]] = defaultdict(list)
    for product in products:
        source = language_of(product.source_language)
        for language in languages:
            if language != source and language not in have[product.pk]:
                work[(source, language)].append(product)
    total = sum(len(batch) for batch in work.values())
    if progress is not None:
        progress.set_total(total)
    summary = {"filled": 0, "untranslatable": 0, "provider": provider.name, "languages": languages}
    for (source, language), batch in sorted(work.items()):
        for product in batch:
            segments = [product.title, *(product.bullet_points or []), product.description or ""]
            translated = provider.translate(segments, source=source, target=language)
            title, bullets, description = translated[0], translated[1:-1], translated[-1]
            if not title or any(b is None for b in bullets) or description is None:
                summary["untranslatable"] += 1
            else:
                with transaction.atomic():
                    Translation.objects.for_seller(seller).get_or_create(
                        seller=seller,
                        product=product,
                        locale=language,
                        defaults={
                            "title": title[:500],
                            "bullet_points": bullets,
                            "description": description,
                            "origin": Translation.Origin.MACHINE,
                            "provider": provider.name,
                            "approved": False,
                        },
                    )
                summary["filled"] += 1
            if progress is not None:
                progress.advance()
    return summary


def describe_fill(summary: dict) -> dict:
    """The summary with a sentence for the seller, and a warning when nothing was filled.

    A run that filled nothing though texts were missing did not do its work: offline, the
    built-in provider translates only what the memory and glossary cover.
    """
    filled, missed = summary["filled"], summary["untranslatable"]
    described = dict(summary)
    described["message"] = _(
        "%(filled)d product texts translated; "
        "%(missed)d could not be translated and still need a translation."
    ) % {"filled": filled, "missed": missed}
    if missed and not filled:
        if summary.get("provider") == "builtin":
            described["warning"] = _(
                "Nothing was translated: without a translation server, only texts your translation memory "
                "and glossary cover can be filled. Connect a LibreTranslate server in the translation "
                "settings, or translate the texts by hand; listings stay held as needing translation "
                "until then."
            )
        else:
            described["warning"] = _(
                "Nothing was translated: the translation server answered no usable text. Listings stay "
                "held as needing translation."
            )
    return described


def machine_fill_work(job, progress) -> dict:
    """The JobRun work of `listings.machine_translate`; params: {"languages": [...]}."""
    try:
        summary = machine_fill(
            seller=job.seller, languages=job.params.get("languages") or None, progress=progress
        )
    except TranslationRefused as exc:
        raise RuntimeError(str(exc)) from exc
    return describe_fill(summary)


MACHINE_TRANSLATE = register_job_kind(
    "listings.machine_translate",
    gettext_lazy("Machine-translate missing languages"),
    task="listings.pricing_tasks.machine_translate",
)


def start_machine_translate(*, seller: Seller, languages: list[str] | None = None, started_by=None) -> JobRun:
    """Queue machine translation of the missing languages (all when `languages` is empty)."""
    return start_job(
        seller=seller,
        kind=MACHINE_TRANSLATE,
        params={"languages": languages or []},
        started_by=started_by,
    )
