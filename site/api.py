"""The JSON API at /api/v1/; each enabled plugin adds its router."""

from django.utils.module_loading import import_string
from hostsite import plugins
from ninja import NinjaAPI


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="职业技能等级认定 API",
        version="1.0.0",
        urls_namespace="api_v1",
        docs_url="/docs",
    )

    @api.get("/health", tags=["site"], summary="Service health")
    def health(request):
        return {"status": "ok"}

    for plugin in plugins.installed_plugins():
        if plugin.api_router:
            api.add_router(plugin.api_prefix, import_string(plugin.api_router))
    return api
