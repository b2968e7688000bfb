"""Invigilators sign the 发卷/回收 record themselves (PaperDistributionSignature); the tick boxes
the office filled in (out_signed_by, back_signed_by) go away.

Those ticks were not the invigilators' own act, so they do not become signatures: the names are
kept in the record's note (“登记时勾选：…”), and the invigilators can still sign."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keep_ticked_names(apps, schema_editor):
    PaperDistribution = apps.get_model("assessments", "PaperDistribution")
    for record in PaperDistribution.objects.all():
        parts = []
        if record.out_signed_by:
            parts.append("发卷登记时勾选：" + "、".join(record.out_signed_by))
        if record.back_signed_by:
            parts.append("回收登记时勾选：" + "、".join(record.back_signed_by))
        if parts:
            record.note = "；".join([record.note, *parts] if record.note else parts)[:300]
            record.save(update_fields=["note"])


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0015_statistics_staff_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_ticked_names, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='paperdistribution',
            name='back_signed_by',
        ),
        migrations.RemoveField(
            model_name='paperdistribution',
            name='out_signed_by',
        ),
        migrations.CreateModel(
            name='PaperDistributionSignature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('out', '发卷'), ('back', '回收')], max_length=4, verbose_name='环节')),
                ('copies', models.PositiveIntegerField(verbose_name='确认份数')),
                ('signed_at', models.DateTimeField(verbose_name='签字时间')),
                ('distribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='assessments.paperdistribution')),
                ('invigilator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='监考员')),
            ],
            options={
                'verbose_name': '发卷/回收签字',
                'verbose_name_plural': '发卷/回收签字',
                'ordering': ['distribution', 'stage', 'signed_at'],
                'constraints': [models.UniqueConstraint(fields=('distribution', 'stage', 'invigilator'), name='paper_distribution_signed_once')],
            },
        ),
    ]
