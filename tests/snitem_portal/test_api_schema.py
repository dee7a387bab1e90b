from django.core.management import call_command


def test_openapi_schema_is_valid_and_complete(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = target.read_text()
    for path in ["/api/v1/auth/token/", "/api/v1/me/", "/api/v1/companies/"]:
        assert f"  {path}:" in schema
