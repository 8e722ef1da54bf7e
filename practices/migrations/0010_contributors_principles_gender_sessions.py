"""A practice's contributor (a member country or an organization), the other countries and partners involved, the GCM guiding principles, the gender-perspective marker, the sessions it was presented in, and the example flag."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0005_enrolment_link'),
        ('objectives', '0003_objective_assessment_objective_assessment_note_and_more'),
        ('practices', '0009_theme_moved'),
        ('workshops', '0010_workshop_theme_from_list'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='practice',
            name='countries_involved',
            field=models.ManyToManyField(blank=True, related_name='practices_involved', to='members.country', verbose_name='other countries involved'),
        ),
        migrations.AddField(
            model_name='practice',
            name='gender_perspective',
            field=models.BooleanField(default=False, help_text='The practice addresses the different needs of women, men, girls and boys.', verbose_name='incorporates a gender perspective'),
        ),
        migrations.AddField(
            model_name='practice',
            name='guiding_principles',
            field=models.ManyToManyField(blank=True, related_name='practices', to='objectives.gcmguidingprinciple', verbose_name='GCM guiding principles'),
        ),
        migrations.AddField(
            model_name='practice',
            name='is_example',
            field=models.BooleanField(default=False, help_text='Illustrative data, not an RCM record: marked as an example wherever it appears.', verbose_name='example'),
        ),
        migrations.AddField(
            model_name='practice',
            name='organization',
            field=models.ForeignKey(blank=True, help_text='When no country presents it: the organization that does.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='members.organization', verbose_name='contributing organization'),
        ),
        migrations.AddField(
            model_name='practice',
            name='partner_organizations',
            field=models.ManyToManyField(blank=True, related_name='practices_partnered', to='members.organization', verbose_name='partner organizations'),
        ),
        migrations.AddField(
            model_name='practice',
            name='presented_in',
            field=models.ManyToManyField(blank=True, help_text='The workshop sessions where the practice was presented.', related_name='practices', to='workshops.agendasession', verbose_name='presented in'),
        ),
        migrations.AlterField(
            model_name='practice',
            name='country',
            field=models.ForeignKey(blank=True, help_text='The member country that presents the practice.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='practices', to='members.country', verbose_name='country'),
        ),
        migrations.AddConstraint(
            model_name='practice',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('country__isnull', False), ('organization__isnull', True)), models.Q(('country__isnull', True), ('organization__isnull', False)), _connector='OR'), name='practice_one_contributor', violation_error_message='A practice is presented by one member country or by one organization.'),
        ),
    ]
