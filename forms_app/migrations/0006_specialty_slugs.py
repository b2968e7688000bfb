"""Applications and registration forms refer to a specialty by its slug, not its name.

Existing rows get the slug of the specialty of the same name in their occupation; an
application whose specialty no longer exists under that name (renamed or removed) keeps its
name as key, and such a name is dropped from a form's restriction. The one-live-application rule then holds per specialty slug.
"""

from django.db import migrations, models


def _slugs(Specialty, occupation_id) -> dict[str, str]:
    return dict(
        Specialty.objects.filter(page_id=occupation_id).exclude(slug="").values_list("name", "slug")
    )


def names_to_slugs(apps, schema_editor):
    Application = apps.get_model("forms_app", "Application")
    RegistrationFormPage = apps.get_model("forms_app", "RegistrationFormPage")
    Specialty = apps.get_model("occupations", "Specialty")
    pairs = Application.objects.exclude(specialty="").values_list("occupation_id", "specialty")
    for occupation_id, name in pairs.distinct():
        slug = _slugs(Specialty, occupation_id).get(name, name)
        Application.objects.filter(occupation_id=occupation_id, specialty=name).update(
            specialty_slug=slug
        )
    for page in RegistrationFormPage.objects.exclude(specialties=""):
        slugs = _slugs(Specialty, page.occupation_id)
        names = [n.strip() for n in page.specialties.replace("，", ",").split(",") if n.strip()]
        page.specialties = ",".join(slugs[name] for name in names if name in slugs)
        page.save(update_fields=["specialties"])


def slugs_to_names(apps, schema_editor):
    RegistrationFormPage = apps.get_model("forms_app", "RegistrationFormPage")
    Specialty = apps.get_model("occupations", "Specialty")
    for page in RegistrationFormPage.objects.exclude(specialties=""):
        names = {slug: name for name, slug in _slugs(Specialty, page.occupation_id).items()}
        keys = [k.strip() for k in page.specialties.split(",") if k.strip()]
        page.specialties = ",".join(names[key] for key in keys if key in names)
        page.save(update_fields=["specialties"])


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0005_consent_and_kept_uploads"),
        ("occupations", "0002_specialty_order"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="application",
            name="one_live_application_per_person",
        ),
        migrations.AddField(
            model_name="application",
            name="specialty_slug",
            field=models.SlugField(blank=True, max_length=80, verbose_name="工种/方向标识"),
        ),
        migrations.AlterField(
            model_name="registrationformpage",
            name="specialties",
            field=models.CharField(
                blank=True,
                help_text="只接受勾选的工种/方向（须属于上面选择的职业）；都不勾选表示全部。",
                max_length=300,
                verbose_name="限定工种",
            ),
        ),
        migrations.RunPython(names_to_slugs, slugs_to_names),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ("submitted", "needs_info", "approved"))),
                fields=("id_number_hash", "occupation", "specialty_slug", "level", "exam_period"),
                name="one_live_application_per_person",
            ),
        ),
    ]
