import orjson
from fastapi.testclient import TestClient

from tests.server.conftest import Tenant


def _variant_id(client: TestClient, sku: str) -> str:
    return str(client.get(f"/v1/skus/{sku}").json()["id"])


def test_warehouses_list_ship_to_countries(client: TestClient) -> None:
    warehouses = {w["code"]: w for w in client.get("/v1/warehouses").json()["data"]}

    assert warehouses["de-berlin"]["country"] == "DE"
    assert warehouses["de-berlin"]["ships_to"] == ["AT", "DE", "FR"]
    assert warehouses["us-reno"]["ships_to"] == ["CA", "US"]


def test_variant_inventory_per_warehouse(client: TestClient) -> None:
    inventory = client.get(f"/v1/variants/{_variant_id(client, 'HOOD-RED-M')}/inventory").json()

    assert inventory["available"] == 10
    levels = {level["warehouse_code"]: level for level in inventory["levels"]}
    assert levels["de-berlin"] == {**levels["de-berlin"], "on_hand": 12, "reserved": 2, "available": 10}
    assert levels["us-reno"]["available"] == 0


def test_ship_to_counts_only_serving_warehouses(client: TestClient) -> None:
    variant_id = _variant_id(client, "HOOD-RED-M")

    to_us = client.get(f"/v1/variants/{variant_id}/inventory", params={"ship_to": "US"}).json()
    to_fr = client.get(f"/v1/variants/{variant_id}/inventory", params={"ship_to": "FR"}).json()

    assert to_us["available"] == 0
    assert to_us["in_stock"] is False
    assert [level["warehouse_code"] for level in to_us["levels"]] == ["us-reno"]
    assert to_fr["available"] == 10
    assert to_fr["in_stock"] is True


def test_lookup_by_sku_with_ship_to(client: TestClient) -> None:
    response = client.post(
        "/v1/inventory/lookup",
        json={"skus": ["HOOD-BLUE-M", "MUG-1", "NOPE", "HOOD-BLUE-M"], "ship_to": "US"},
    )

    assert response.status_code == 200
    body = response.json()
    assert [item["sku"] for item in body["data"]] == ["HOOD-BLUE-M", "MUG-1"]
    assert body["data"][0]["available"] == 7
    assert body["data"][1]["in_stock"] is False  # the mug's only warehouse does not ship to the US
    assert body["not_found"] == ["NOPE"]


def test_lookup_lists_empty_sku_as_not_found(client: TestClient) -> None:
    body = client.post("/v1/inventory/lookup", json={"skus": ["", "MUG-1"]}).json()

    assert body["not_found"] == [""]
    assert [item["sku"] for item in body["data"]] == ["MUG-1"]


def test_lookup_rejects_more_than_1000_skus(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", json={"skus": [f"S{i}" for i in range(1001)]})

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["pointer"] == "/skus"


def test_lookup_rejects_unassigned_country(client: TestClient) -> None:
    response = client.post("/v1/inventory/lookup", json={"skus": ["MUG-1"], "ship_to": "ZZ"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/ship_to"


def test_snapshot_streams_one_line_per_variant(client: TestClient) -> None:
    response = client.get("/v1/inventory/snapshot")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [orjson.loads(line) for line in response.content.splitlines()]
    by_sku = {line["sku"]: line for line in lines}
    assert set(by_sku) == {"HOOD-RED-M", "HOOD-BLUE-M", "MUG-1"}
    assert by_sku["HOOD-RED-M"]["available"] == 10
    assert by_sku["MUG-1"] == {
        **by_sku["MUG-1"],
        "tracked": False,
        "available": None,
        "price": {"amount": "1500", "currency": "JPY"},
    }


def test_snapshot_with_ship_to(client: TestClient) -> None:
    response = client.get("/v1/inventory/snapshot", params={"ship_to": "US"})
    by_sku = {line["sku"]: line for line in map(orjson.loads, response.content.splitlines())}

    assert by_sku["HOOD-BLUE-M"]["available"] == 7
    assert by_sku["MUG-1"]["levels"] == []
    assert by_sku["MUG-1"]["in_stock"] is False


def test_inventory_needs_inventory_scope(client: TestClient, tenant: Tenant, engine) -> None:  # type: ignore[no-untyped-def]
    from opendrop_kit.server.accounts import service

    with engine.begin() as connection:
        catalog_only = service.create_key(connection, tenant.account_id, mode="test", scopes=["catalog:read"]).secret

    response = client.get("/v1/warehouses", headers={"Authorization": f"Bearer {catalog_only}"})

    assert response.status_code == 403
