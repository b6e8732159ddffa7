from fastapi.testclient import TestClient


def test_accept_without_json_is_406(client: TestClient) -> None:
    response = client.get("/v1/products", headers={"Accept": "text/html"})

    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_acceptable"


def test_accept_wildcards_and_quality(client: TestClient) -> None:
    assert client.get("/v1/me", headers={"Accept": "application/*"}).status_code == 200
    assert client.get("/v1/me", headers={"Accept": "text/html, */*;q=0.1"}).status_code == 200
    assert client.get("/v1/me", headers={"Accept": "application/json;q=0"}).status_code == 406


def test_snapshot_needs_ndjson_accept(client: TestClient) -> None:
    assert client.get("/v1/inventory/snapshot", headers={"Accept": "application/json"}).status_code == 406
    assert client.get("/v1/inventory/snapshot", headers={"Accept": "application/x-ndjson"}).status_code == 200


def test_repeated_query_parameter_is_400(client: TestClient) -> None:
    response = client.get("/v1/products?sku=A&sku=B")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_parameter"
    assert response.json()["errors"][0]["pointer"] == "#/query/sku"


def test_unknown_body_member_is_422(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", json={"skus": ["MUG-1"], "shipTo": "DE"})

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error == {**error, "pointer": "/shipTo", "code": "unknown_field"}


def test_item_codes_follow_the_specification(client: TestClient) -> None:
    missing = client.post("/v1/inventory/lookup", json={}).json()["errors"][0]
    wrong_type = client.post("/v1/inventory/lookup", json={"skus": "MUG-1"}).json()["errors"][0]
    country = client.post("/v1/inventory/lookup", json={"skus": ["MUG-1"], "ship_to": "UK"}).json()["errors"][0]
    empty = client.post("/v1/inventory/lookup", json={"skus": []}).json()["errors"][0]

    assert (missing["pointer"], missing["code"]) == ("/skus", "required")
    assert (wrong_type["pointer"], wrong_type["code"]) == ("/skus", "invalid_type")
    assert (country["pointer"], country["code"]) == ("/ship_to", "invalid_country")
    assert (empty["pointer"], empty["code"]) == ("/skus", "too_short")


def test_query_country_item_code(client: TestClient) -> None:
    error = client.get("/v1/products", params={"ship_to": "UK"}).json()["errors"][0]

    assert error["code"] == "invalid_country"


def test_body_over_one_mebibyte_is_413(client: TestClient) -> None:
    skus = ["X" * 255] * 4200  # about 1.1 MB of JSON
    response = client.post("/v1/inventory/lookup", json={"skus": skus})

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_malformed_version_header_is_unsupported_version(client: TestClient) -> None:
    response = client.get("/v1/conformance", headers={"OpenDrop-Version": "latest"})

    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_version"


def test_requested_version_is_applied(client: TestClient) -> None:
    response = client.get("/v1/me", headers={"OpenDrop-Version": "2026-12-01"})

    assert response.headers["opendrop-version"] == "2026-12-01"


def test_country_error_is_short(client: TestClient) -> None:
    error = client.get("/v1/products", params={"ship_to": "de"}).json()["errors"][0]

    assert len(error["detail"]) < 150
    assert "'de'" in error["detail"]


def test_status_error_lists_values(client: TestClient) -> None:
    error = client.get("/v1/products", params={"status": "foo"}).json()["errors"][0]

    assert "'active', 'draft' or 'archived'" in error["detail"]
