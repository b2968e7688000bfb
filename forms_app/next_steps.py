"""What the status page (报名查询) tells an applicant to do next: a text for each status, and
links that plugins add (e.g. the exam office's "下载准考证" once a ticket exists).

A link provider is a function registered with ``@register_status_links``; it gets one
Application (its number, status, occupation …, already shown to the person who proved ID number
and mobile) and returns ``StatusLink``s, or an empty list. Its URLs must protect themselves (a
signed token, a second check of the mobile): the status page only shows them.

A link the applicant came for (the ticket, the certificate) is ``primary``: the page shows it as
a large button, easy to tap on a phone. A link may bring the ``text`` that says what to do next
now that it exists; it replaces the status's own text (which cannot know that a ticket is out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from forms_app.choices import ApplicationStatus

TEXTS = {
    ApplicationStatus.SUBMITTED: _("请等待资格审核，结果会通过短信通知。"),
    ApplicationStatus.NEEDS_INFO: _(
        "请按审核意见，点击下方“补充材料或撤回报名”在线补充材料，提交后重新审核。"
    ),
    ApplicationStatus.APPROVED: _("审核已通过，请留意考试安排和准考证打印通知。"),
    ApplicationStatus.REJECTED: _("如有疑问请拨打报名电话咨询。"),
    ApplicationStatus.WITHDRAWN: _("报名已撤回。"),
}


@dataclass(frozen=True)
class StatusLink:
    label: str
    url: str
    #: Shown as a large button (the thing the applicant came for), not as a plain link.
    primary: bool = False
    #: What to do next now that this link exists, instead of the status's own text.
    text: str = ""


@dataclass(frozen=True)
class NextSteps:
    text: str
    links: list[StatusLink] = field(default_factory=list)

    @property
    def primary_links(self) -> list[StatusLink]:
        return [link for link in self.links if link.primary]

    @property
    def plain_links(self) -> list[StatusLink]:
        return [link for link in self.links if not link.primary]


LinkProvider = Callable[..., list[StatusLink]]  # (application) -> [StatusLink]

#: The registered providers, by name (module and function): registering twice keeps one.
LINK_PROVIDERS: dict[str, LinkProvider] = {}


def register_status_links(provider: LinkProvider) -> LinkProvider:
    LINK_PROVIDERS[_key(provider)] = provider
    return provider


def unregister_status_links(provider: LinkProvider) -> None:
    LINK_PROVIDERS.pop(_key(provider), None)


def _key(provider: LinkProvider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def next_steps(application) -> NextSteps:
    """Every registered provider's links and the text: the first link's
    own text, else the one for the application's status."""
    links = [link for provider in list(LINK_PROVIDERS.values()) for link in provider(application)]
    said = next((link.text for link in links if link.text), "")
    return NextSteps(text=str(said or TEXTS.get(application.status, "")), links=links)
