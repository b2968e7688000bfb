"""The JSON API at /api/v1/; each enabled plugin adds its router.

Errors a caller can cause answer in Chinese JSON: a body that is not JSON, and every validation
error (422, naming the field in ``loc`` and ``field``, with pydantic's ``type`` kept for
programs); a body over ``API_MAX_BODY_BYTES`` (or Django's DATA_UPLOAD_MAX_MEMORY_SIZE) is a 413;
more than ``API_RATE_PER_IP`` requests from one address is a 429 with Retry-After (django-ninja's
throttling, counted in the default cache by the address of ``hostsite.net.client_ip``).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from hostsite import plugins
from hostsite.health import check_health
from hostsite.net import client_ip
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.responses import Status
from ninja.throttling import SimpleRateThrottle

BODY_NOT_JSON = "Cannot parse request body"


class Health(Schema):
    """hostsite.health's answer, as /healthz gives it: each part's check and the failed ones."""

    status: str  # "ok" or "unavailable"
    database: bool
    cache: bool
    failed: list[str]


def _message(error: dict) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": _("缺少必填字段"),
        "greater_than_equal": _("不能小于 %(v)s") % {"v": ctx.get("ge")},
        "less_than_equal": _("不能大于 %(v)s") % {"v": ctx.get("le")},
        "greater_than": _("必须大于 %(v)s") % {"v": ctx.get("gt")},
        "less_than": _("必须小于 %(v)s") % {"v": ctx.get("lt")},
        "int_type": _("应为整数"),
        "int_parsing": _("应为整数"),
        "int_from_float": _("应为整数"),
        "bool_type": _("应为 true 或 false"),
        "bool_parsing": _("应为 true 或 false"),
        "string_type": _("应为字符串"),
        "string_too_short": _("长度不能少于 %(v)s") % {"v": ctx.get("min_length")},
        "string_too_long": _("长度不能超过 %(v)s") % {"v": ctx.get("max_length")},
        "date_type": _("日期格式应为 YYYY-MM-DD"),
        "date_parsing": _("日期格式应为 YYYY-MM-DD"),
        "date_from_datetime_parsing": _("日期格式应为 YYYY-MM-DD"),
        "date_from_datetime_inexact": _("日期格式应为 YYYY-MM-DD"),
        "literal_error": _("取值必须是：%(v)s") % {"v": ctx.get("expected")},
        "list_type": _("应为列表"),
        "too_long": _("最多 %(v)s 项") % {"v": ctx.get("max_length")},
        "dict_type": _("应为对象"),
        "model_type": _("应为对象"),
        "model_attributes_type": _("应为对象"),
        "json_invalid": _("请求体不是有效的 JSON"),
    }
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", ""))
    return messages.get(kind, _("取值无效"))


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts)


def validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI):
    detail = [
        {
            "loc": list(error.get("loc", [])),
            "field": _field(error.get("loc", [])),
            "msg": _message(error),
            "type": error.get("type", ""),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


class BoundedParser(Parser):
    """JSON bodies up to ``API_MAX_BODY_BYTES``: the declared length is checked before the
    body is read (Django reads no more than the declared length)."""

    def parse_body(self, request: HttpRequest):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        limit = max_body_bytes()
        if (declared.isdigit() and int(declared) > limit) or len(request.body) > limit:
            raise RequestDataTooBig(f"API request body over {limit} bytes")
        return super().parse_body(request)


def max_body_bytes() -> int:
    return min(
        settings.API_MAX_BODY_BYTES,
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**63,
    )


def body_too_big(request: HttpRequest, exc: RequestDataTooBig, api: NinjaAPI):
    message = _("请求体过大，不能超过 %(size)s KB。") % {"size": max_body_bytes() // 1024}
    return api.create_response(request, {"detail": message}, status=413)


class PerIpThrottle(SimpleRateThrottle):
    """``API_RATE_PER_IP`` requests (e.g. "120/m") per client address, read per request;
    None: no limit."""

    scope = "api_ip"

    def __init__(self):
        self.rate = None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_RATE_PER_IP
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


def http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI):
    if isinstance(exc.__cause__, RequestDataTooBig):  # ninja wraps what the parser raises
        return body_too_big(request, exc.__cause__, api)
    if isinstance(exc, Throttled):
        message = _("请求过于频繁，请稍后再试。")
        return api.create_response(request, {"detail": message}, status=429)
    if exc.status_code == 400 and str(exc).startswith(BODY_NOT_JSON):
        message = _("请求体不是有效的 JSON")
        detail = [{"loc": ["body"], "field": "", "msg": message, "type": "json_invalid"}]
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="职业技能等级认定 API",
        version="1.0.0",
        urls_namespace="api_v1",
        docs_url="/docs",
        parser=BoundedParser(),
        throttle=[PerIpThrottle()],
    )
    api.add_exception_handler(ValidationError, lambda r, e: validation_error(r, e, api))
    api.add_exception_handler(HttpError, lambda r, e: http_error(r, e, api))
    api.add_exception_handler(RequestDataTooBig, lambda r, e: body_too_big(r, e, api))

    @api.get(
        "/health",
        tags=["site"],
        summary="Service health",
        description="200 when every part answers (database, cache), else 503 naming which not.",
        response={200: Health, 503: Health},
    )
    @decorate_view(never_cache)
    def health(request):
        health = check_health()
        return Status(200 if health.ok else 503, health.as_dict())

    for plugin in plugins.installed_plugins():
        if plugin.api_router:
            api.add_router(plugin.api_prefix, import_string(plugin.api_router))
        for prefix, router in plugin.api_routers:
            api.add_router(prefix, import_string(router))
    return api
