"""Seeds the starter set of compliance rules. Operators edit them in the admin afterwards."""

from django.db import migrations

EU = ["DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE"]
ELECTRICAL = ["Electronics", "Lighting", "Lamp", "Heating", "Appliance", "Humidifier", "Charger", "Battery"]
RADIO = ["Radio", "Wireless", "Bluetooth", "Wi-Fi", "WiFi", "Smart Home"]
CHILDREN = ["Toys", "Baby", "Children", "Kids"]
CE_SCOPE = ELECTRICAL + RADIO + CHILDREN

# code, name, marketplaces, category keywords, attribute keys, document type, evidence, help
RULES = [
    (
        "eu-ce-marking",
        "EU: CE marking",
        EU,
        CE_SCOPE,
        ["voltage", "battery_mah"],
        "ce",
        "file",
        "The EU declaration of conformity behind the CE mark (electrical goods, radio equipment, toys).",
    ),
    (
        "eu-gpsr-responsible-person",
        "EU: GPSR responsible person",
        EU,
        [],
        [],
        "gpsr_rp",
        "reference",
        "Name and address of the economic operator in the EU responsible for the product (GPSR).",
    ),
    (
        "uk-ukca-marking",
        "UK: UKCA marking",
        ["UK"],
        CE_SCOPE,
        ["voltage", "battery_mah"],
        "ukca",
        "file",
        "The UK declaration of conformity behind the UKCA mark.",
    ),
    (
        "us-cpc-children",
        "US: Children's Product Certificate",
        ["US"],
        CHILDREN,
        ["for_children"],
        "cpc",
        "file",
        "A CPC based on tests by a CPSC-accepted laboratory, for products designed for children 12 and under.",
    ),
    (
        "us-fcc-radio",
        "US: FCC authorisation",
        ["US"],
        ["Electronics"] + RADIO,
        ["radio"],
        "fcc",
        "file",
        "FCC ID grant or supplier's declaration of conformity for radio and electronic devices.",
    ),
    (
        "eu-red-radio",
        "EU: Radio Equipment Directive",
        EU,
        RADIO,
        ["radio"],
        "red",
        "file",
        "The RED declaration of conformity for equipment that transmits or receives radio waves.",
    ),
    (
        "sa-saso",
        "SA: SASO certificate (SALEEM)",
        ["SA"],
        [],
        [],
        "saso",
        "file",
        "The product certificate of conformity issued through the SALEEM platform.",
    ),
    (
        "au-rcm",
        "AU: RCM registration",
        ["AU"],
        ELECTRICAL + RADIO,
        ["voltage", "radio"],
        "rcm",
        "file",
        "Registration of electrical equipment on the national database, which allows the RCM mark.",
    ),
    (
        "de-packaging-lucid",
        "DE: packaging registration (LUCID)",
        ["DE"],
        [],
        [],
        "packaging",
        "reference",
        "The LUCID registration number of the producer in the German packaging register.",
    ),
    (
        "fr-packaging-epr",
        "FR: packaging EPR unique identifier",
        ["FR"],
        [],
        [],
        "packaging",
        "reference",
        "The unique identifier (IDU) of the producer for packaging extended producer responsibility.",
    ),
    (
        "de-weee",
        "DE: WEEE registration (stiftung ear)",
        ["DE"],
        ELECTRICAL + RADIO,
        ["voltage", "battery_mah"],
        "weee",
        "reference",
        "The WEEE registration number (WEEE-Reg.-Nr. DE…) for electrical and electronic equipment.",
    ),
    (
        "fr-weee",
        "FR: WEEE unique identifier",
        ["FR"],
        ELECTRICAL + RADIO,
        ["voltage", "battery_mah"],
        "weee",
        "reference",
        "The unique identifier (IDU) for electrical and electronic equipment EPR in France.",
    ),
]


def load(apps, schema_editor):
    Rule = apps.get_model("listings", "ComplianceRule")
    Marketplace = apps.get_model("portal", "Marketplace")
    by_code = {m.code: m for m in Marketplace.objects.all()}
    for code, name, markets, keywords, attributes, doc_type, evidence, help_text in RULES:
        rule, _ = Rule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category_keywords": keywords,
                "attribute_keys": attributes,
                "document_type": doc_type,
                "evidence": evidence,
                "help_text": help_text,
            },
        )
        rule.marketplaces.set([by_code[m] for m in markets if m in by_code])


def unload(apps, schema_editor):
    apps.get_model("listings", "ComplianceRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0002_catalogue_listings"),
        ("listings", "0002_pricing_fx_pricing_localisation"),
        ("portal", "0002_marketplaces"),
    ]

    operations = [migrations.RunPython(load, unload)]
