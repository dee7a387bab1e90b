"""Spreadsheet exports: cells that a spreadsheet would run as a formula are neutralised.

Every export goes through ``neutralise_formula``: the pages' exports call it cell by cell, and
every admin export resource is made formula-safe when the portal starts
(``make_admin_exports_formula_safe``), whichever app registered it: a resource written without
the mixin cannot slip through. django-import-export's own escaping
(``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) is on as well, as a second net.
"""

# A cell starting with one of these is read as a formula by Excel and LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix with an apostrophe a text value a spreadsheet would run as a formula; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


class FormulaSafeResourceMixin:
    """For django-import-export resources: every exported text cell goes through neutralise_formula."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))


def formula_safe(resource_class: type) -> type:
    """``resource_class``, or a subclass of it whose every exported cell goes through neutralise_formula."""
    if issubclass(resource_class, FormulaSafeResourceMixin):
        return resource_class
    return type(
        resource_class.__name__,
        (FormulaSafeResourceMixin, resource_class),
        {"__module__": resource_class.__module__, "__qualname__": resource_class.__qualname__},
    )


def make_admin_exports_formula_safe(site) -> None:
    """Make every export resource of the admin ``site`` formula-safe (called once the admin modules are loaded)."""
    for model_admin in site._registry.values():
        if classes := getattr(model_admin, "resource_classes", None):
            model_admin.resource_classes = [formula_safe(resource_class) for resource_class in classes]
