"""The API documentation page (Swagger UI) works under the site's strict Content Security Policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_with_no_csp_violation(browser_page, live_server):
    refused = []
    browser_page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    response = browser_page.goto(f"{live_server.url}/api/v1/docs/")
    browser_page.locator(".swagger-ui .info .title").wait_for()

    policy = response.headers["content-security-policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert browser_page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert refused == []
