"""The theme table under its new app, the example flag, and the link from a workshop to its
theme in the shared list (filled in 0009 from the text it had)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workshops', '0007_theme'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='theme',
            table=None,
        ),
        migrations.AddField(
            model_name='historicalworkshop',
            name='is_example',
            field=models.BooleanField(default=False, help_text='Illustrative data, not an RCM record: marked as an example wherever it appears.', verbose_name='example'),
        ),
        migrations.AddField(
            model_name='historicalworkshop',
            name='theme_ref',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workshops.theme', verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='workshop',
            name='is_example',
            field=models.BooleanField(default=False, help_text='Illustrative data, not an RCM record: marked as an example wherever it appears.', verbose_name='example'),
        ),
        migrations.AddField(
            model_name='workshop',
            name='theme_ref',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='workshops', to='workshops.theme', verbose_name='theme'),
        ),
    ]
