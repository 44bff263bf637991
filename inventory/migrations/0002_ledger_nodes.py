"""Loads the nodes: the Shenzhen GWD hub, AWD in the US and a fulfilment centre per region.

Each FC serves its own marketplace first; remote fulfilment is a fallback (priority 2):
the US FC also serves Canada, Mexico and Brazil. The German FC is the EU hub and serves
every EU marketplace. Operators edit nodes and their marketplaces in the admin afterwards.
"""

from django.db import migrations

# code, name, kind, region, country, city, [(marketplace, priority, remote)]
NODES = [
    ("GWD-SZX", "GWD Shenzhen source hub", "gwd", "CN", "CN", "Shenzhen", []),
    ("AWD-US", "AWD United States", "awd", "US", "US", "", []),
    ("FC-US", "Fulfilment centre United States", "fc", "US", "US", "",
     [("US", 1, False), ("CA", 2, True), ("MX", 2, True), ("BR", 2, True)]),
    ("FC-CA", "Fulfilment centre Canada", "fc", "CA", "CA", "", [("CA", 1, False)]),
    ("FC-MX", "Fulfilment centre Mexico", "fc", "MX", "MX", "", [("MX", 1, False)]),
    ("FC-BR", "Fulfilment centre Brazil", "fc", "BR", "BR", "", [("BR", 1, False)]),
    ("FC-UK", "Fulfilment centre United Kingdom", "fc", "UK", "GB", "", [("UK", 1, False)]),
    ("FC-DE", "Fulfilment centre Germany (EU hub)", "fc", "EU", "DE", "",
     [(code, 1, False) for code in ("DE", "FR", "IT", "ES", "NL", "SE", "PL", "BE", "IE")]),
    ("FC-JP", "Fulfilment centre Japan", "fc", "JP", "JP", "", [("JP", 1, False)]),
    ("FC-AU", "Fulfilment centre Australia", "fc", "AU", "AU", "", [("AU", 1, False)]),
    ("FC-AE", "Fulfilment centre United Arab Emirates", "fc", "AE", "AE", "", [("AE", 1, False)]),
    ("FC-SA", "Fulfilment centre Saudi Arabia", "fc", "SA", "SA", "", [("SA", 1, False)]),
    ("FC-IN", "Fulfilment centre India", "fc", "IN", "IN", "", [("IN", 1, False)]),
    ("FC-SG", "Fulfilment centre Singapore", "fc", "SG", "SG", "", [("SG", 1, False)]),
    ("FC-TR", "Fulfilment centre Türkiye", "fc", "TR", "TR", "", [("TR", 1, False)]),
    ("FC-EG", "Fulfilment centre Egypt", "fc", "EG", "EG", "", [("EG", 1, False)]),
    ("FC-ZA", "Fulfilment centre South Africa", "fc", "ZA", "ZA", "", [("ZA", 1, False)]),
]


def load(apps, schema_editor):
    Node = apps.get_model("inventory", "Node")
    NodeService = apps.get_model("inventory", "NodeService")
    Marketplace = apps.get_model("portal", "Marketplace")
    markets = {m.code: m for m in Marketplace.objects.all()}
    for code, name, kind, region, country, city, services in NODES:
        node, _ = Node.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "region": region, "country": country, "city": city}
        )
        for market, priority, remote in services:
            if market in markets:
                NodeService.objects.update_or_create(
                    node=node, marketplace=markets[market], defaults={"priority": priority, "is_remote": remote}
                )


def unload(apps, schema_editor):
    apps.get_model("inventory", "Node").objects.filter(code__in=[n[0] for n in NODES]).delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_ledger_initial"), ("portal", "0002_marketplaces")]

    operations = [migrations.RunPython(load, unload)]
