def test_landing_page_is_public(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
