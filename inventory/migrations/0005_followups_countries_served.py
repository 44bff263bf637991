"""Ship-to countries without a marketplace of their own, and the node that delivers to them.

An order to Austria, Portugal or Switzerland has no marketplace whose nodes could serve it;
the EU hub (FC-DE) delivers there, as Amazon's Pan-European programme and the EU single
market allow. New Zealand is delivered from Australia. Operators edit the lists in the admin.
Source for the EU member states: the EU's list of member countries (european-union.europa.eu);
the marketplaces of DE, FR, IT, ES, NL, SE, PL, BE and IE are left out: they have their own.
"""

from django.db import migrations, models

COUNTRIES_SERVED = {
    "FC-DE": [
        # EU member states without a marketplace of their own
        "AT", "BG", "CY", "CZ", "DK", "EE", "FI", "GR", "HR", "HU",
        "LT", "LU", "LV", "MT", "PT", "RO", "SI", "SK",
        # EEA and Switzerland, delivered from the EU hub
        "CH", "IS", "LI", "NO",
    ],
    "FC-UK": ["GB", "GG", "IM", "JE"],
    "FC-AU": ["NZ"],
    "FC-US": ["PR"],
    "FC-AE": ["BH", "KW", "OM", "QA"],
}


def load(apps, schema_editor):
    Node = apps.get_model("inventory", "Node")
    for code, countries in COUNTRIES_SERVED.items():
        Node.objects.filter(code=code).update(countries_served=countries)


def unload(apps, schema_editor):
    apps.get_model("inventory", "Node").objects.update(countries_served=[])


class Migration(migrations.Migration):
    dependencies = [("inventory", "0004_orders_channels")]

    operations = [
        migrations.AddField(
            model_name="node",
            name="countries_served",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "ISO 3166 codes of ship-to countries that have no marketplace of their own and are "
                    "delivered from this node (for example AT, PT, CH from the EU hub; NZ from Australia)."
                ),
                verbose_name="countries served without a marketplace",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
