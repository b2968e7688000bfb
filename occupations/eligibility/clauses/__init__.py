"""One module per clause type; importing this package imports (and so registers) every module in
it. A new clause type is a new module here (and its tests): nothing else lists the types."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
