"""StreamField blocks for the school's content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "hostsite/blocks/heading.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("链接文字"), max_length=200)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部网址"), required=False)
    description = blocks.CharBlock(label=_("说明"), required=False, max_length=300)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            from django.core.exceptions import ValidationError
            from wagtail.blocks import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("请选择站内页面或填写外部网址（二选一）。"))}
            )
        return value

    class Meta:
        icon = "link"
        label = _("链接")
        template = "hostsite/blocks/link.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("样式"),
        choices=[("info", _("提示")), ("important", _("重要")), ("contact", _("联系方式"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "hostsite/blocks/callout.html"


class ListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(label=_("编号列表"), required=False, default=True)
    items = blocks.ListBlock(blocks.CharBlock(label=_("条目")), label=_("条目"))

    class Meta:
        icon = "list-ol"
        label = _("列表")
        template = "hostsite/blocks/list.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("正文"), features=["bold", "italic", "link", "ol", "ul", "h3", "hr"]
    )
    list = ListBlock()
    image = ImageBlock(label=_("图片"))
    link = LinkBlock()
    table = TableBlock(label=_("表格"), table_options={"startRows": 3, "startCols": 3})
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
