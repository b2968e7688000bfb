"""Test data builders for the host's tests."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff who may use the admin but is not a superuser."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.cn")
    is_staff = True


def announcement_index():
    """The 通知公告 index the content loader creates."""
    from hostsite.models import AnnouncementIndexPage

    return AnnouncementIndexPage.objects.get()


def publish_announcement(
    *,
    title: str,
    date=None,
    summary: str = "",
    body: str = "",
    slug: str | None = None,
    attachments=(),
    related_page=None,
):
    """A live announcement under the 通知公告 index; ``body`` is one paragraph of text;
    ``attachments`` are (title, Wagtail document)."""
    from django.utils import timezone
    from django.utils.html import escape
    from hostsite.models import AnnouncementAttachment, AnnouncementPage

    page = AnnouncementPage(
        title=title,
        slug=slug or f"notice-{AnnouncementPage.objects.count() + 1}",
        date=date or timezone.localdate(),
        summary=summary,
        body=[{"type": "paragraph", "value": f"<p>{escape(body)}</p>"}] if body else [],
        related_page=related_page,
    )
    page.attachments = [
        AnnouncementAttachment(title=name, document=document) for name, document in attachments
    ]
    announcement_index().add_child(instance=page)
    page.save_revision().publish()
    return AnnouncementPage.objects.get(pk=page.pk)


def document(title: str, name: str, content: bytes):
    """A Wagtail document (an attachment such as a PDF or XLSX file)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    doc = get_document_model()(title=title)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def publish_standard_page(*, title: str, body: str = "", introduction: str = "", slug: str):
    from django.utils.html import escape
    from hostsite.models import HomePage, StandardPage

    page = StandardPage(
        title=title,
        slug=slug,
        introduction=introduction,
        body=[{"type": "paragraph", "value": f"<p>{escape(body)}</p>"}] if body else [],
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)
