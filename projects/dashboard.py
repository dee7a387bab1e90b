from snitem_portal.dashboard import Panel


def panels(request) -> list[Panel]:
    return []
