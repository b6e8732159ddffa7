from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from tests.server.conftest import Tenant

PROBLEM = "application/problem+json"


def test_me_returns_account_mode_and_key(client: TestClient, tenant: Tenant) -> None:
    response = client.get("/v1/me")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == tenant.account_id
    assert body["livemode"] is False
    assert body["key"]["scopes"] == ["catalog:read", "inventory:read"]
    assert tenant.test_key not in response.text


def test_missing_key_is_401_with_challenge(client: TestClient) -> None:
    response = client.get("/v1/products", headers={"Authorization": ""})

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == 'Bearer realm="OpenDrop"'
    assert response.json()["code"] == "authentication_required"


def test_malformed_and_unknown_keys_are_401(client: TestClient, tenant: Tenant) -> None:
    tampered = tenant.test_key[:-1] + ("A" if tenant.test_key[-1] != "A" else "B")
    for header in ["Bearer nonsense", f"Bearer {tampered}", "Basic dXNlcjpwYXNz"]:
        response = client.get("/v1/products", headers={"Authorization": header})

        assert response.status_code == 401, header
        assert response.json()["code"] == "invalid_api_key"
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_key_typo_and_shape_messages(client: TestClient, tenant: Tenant) -> None:
    tampered = tenant.test_key[:-1] + ("A" if tenant.test_key[-1] != "A" else "B")

    typo = client.get("/v1/products", headers={"Authorization": f"Bearer {tampered}"})
    shape = client.get("/v1/products", headers={"Authorization": "Bearer nonsense"})

    assert "fails its checksum" in typo.json()["detail"]
    assert "keys look like od_test_" in shape.json()["detail"]


def test_revoked_key_is_401(client: TestClient, tenant: Tenant, engine) -> None:  # type: ignore[no-untyped-def]
    from opendrop_kit.server.accounts import repository, service

    with engine.begin() as connection:
        key_id = next(row["id"] for row in repository.list_keys(connection, tenant.account_id) if row["livemode"])
        service.revoke_key(connection, key_id)

    response = client.get("/v1/me", headers={"Authorization": f"Bearer {tenant.live_key}"})

    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_missing_scope_is_403(client: TestClient, tenant: Tenant) -> None:
    response = client.get("/v1/products", headers={"Authorization": f"Bearer {tenant.inventory_only_key}"})

    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "catalog:read" in response.json()["detail"]
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


def test_live_key_does_not_see_test_data(client: TestClient, tenant: Tenant) -> None:
    live = {"Authorization": f"Bearer {tenant.live_key}"}

    assert client.get("/v1/products", headers=live).json()["data"] == []
    assert len(client.get("/v1/products").json()["data"]) == 2


def test_other_account_sees_nothing(client: TestClient, engine) -> None:  # type: ignore[no-untyped-def]
    from opendrop_kit.server.accounts import service

    with engine.begin() as connection:
        other = service.create_account(connection, "Other supplier")
        other_key = service.create_key(connection, other, mode="test").secret
    product_id = client.get("/v1/products").json()["data"][0]["id"]
    headers = {"Authorization": f"Bearer {other_key}"}

    assert client.get("/v1/products", headers=headers).json()["data"] == []
    assert client.get(f"/v1/products/{product_id}", headers=headers).status_code == 404
    assert client.get("/v1/skus/MUG-1", headers=headers).status_code == 404


def test_every_response_has_request_id_and_version(client: TestClient) -> None:
    for path in ["/v1/me", "/v1/nowhere", "/v1/conformance"]:
        response = client.get(path)

        assert response.headers["request-id"]
        assert response.headers["opendrop-version"] == "2026-12-01"


def test_client_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/v1/me", headers={"Request-Id": "trace-42"})

    assert response.headers["request-id"] == "trace-42"


def test_unknown_path_is_problem_404(client: TestClient) -> None:
    response = client.get("/v1/nowhere")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == "https://opendrop.dev/problems/not_found"
    assert body["request_id"] == response.headers["request-id"]
    assert body["instance"] == "/v1/nowhere"


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.delete("/v1/products")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


def test_unknown_query_parameter_is_400(client: TestClient) -> None:
    response = client.get("/v1/products", params={"colour": "red"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_parameter"
    assert body["errors"][0]["pointer"] == "#/query/colour"


def test_invalid_query_value_is_400_with_pointer(client: TestClient) -> None:
    response = client.get("/v1/products", params={"limit": "-1"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/query/limit"


def test_naive_timestamp_is_rejected(client: TestClient) -> None:
    response = client.get("/v1/products", params={"updated_since": "2026-01-01T00:00:00"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "#/query/updated_since"


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", content=b'{"skus": [', headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_malformed_json_names_its_position(client: TestClient) -> None:
    body = b'{"skus": ["MUG-1",\n  "MUG-2",]}'

    response = client.post("/v1/inventory/lookup", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["detail"].endswith("at line 2, column 11.")


def test_whole_body_error_names_the_body(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", json=["MUG-1"])

    assert response.status_code == 422
    assert response.json()["detail"].startswith("the request body: ")


def test_non_json_body_is_415(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", content=b"skus=MUG-1", headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_unsupported_version_is_400(client: TestClient) -> None:
    response = client.get("/v1/me", headers={"OpenDrop-Version": "2020-01-01"})

    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_version"
    assert response.json()["errors"][0]["pointer"] == "#/header/OpenDrop-Version"


def test_rate_limit_headers_and_429(app_settings, engine, tenant: Tenant) -> None:  # type: ignore[no-untyped-def]
    from opendrop_kit.server.app import create_app

    app = create_app(app_settings.model_copy(update={"rate_limit_requests": 3}), engine=engine)
    with TestClient(app, headers={"Authorization": f"Bearer {tenant.test_key}"}) as limited:
        answers = [limited.get("/v1/me") for _ in range(4)]

    assert answers[0].headers["ratelimit-policy"] == '"default";q=3;w=1'
    assert answers[0].headers["ratelimit"].startswith('"default";r=2;')
    assert answers[3].status_code == 429
    assert answers[3].json()["code"] == "rate_limited"
    assert int(answers[3].headers["retry-after"]) >= 1


def test_conformance_is_public(client: TestClient) -> None:
    response = client.get("/v1/conformance", headers={"Authorization": ""})

    assert response.status_code == 200
    assert response.json()["classes"] == ["core", "catalog", "inventory"]


def test_problem_registry_lists_codes(client: TestClient) -> None:
    codes = {item["code"]: item["status"] for item in client.get("/v1/problems").json()["data"]}

    assert codes["insufficient_scope"] == 403
    assert codes["validation_failed"] == 422


def test_openapi_document_is_valid(client: TestClient) -> None:
    document = client.get("/v1/openapi.json", headers={"Authorization": ""}).json()

    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["paths"]["/v1/products"]["get"]["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/v1/conformance"]["get"]["security"] == []


def test_etag_gives_304(client: TestClient) -> None:
    first = client.get("/v1/me")

    second = client.get("/v1/me", headers={"If-None-Match": first.headers["etag"]})

    assert second.status_code == 304
    assert second.content == b""
    assert second.headers["etag"] == first.headers["etag"]
