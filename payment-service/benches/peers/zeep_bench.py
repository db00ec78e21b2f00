#!/usr/bin/env python3
"""zeep beside our codec: the same messages and the same timing method as
payment-service/benches/peers.rs (scripts/bench-peers.sh runs it in its venv; BENCHMARKS.md).

    python zeep_bench.py REPO_ROOT [--dump DIR]

Licence: nothing of zeep is vendored; the script installs zeep from PyPI into a venv under
target/. This file is the project's own code.

zeep reads wsdl/PaymentServiceV10.wsdl from the local files (the WCF-style `?wsdl=wsdl0` and
`?xsd=xsd0` imports mapped to the files next to it; nothing is fetched), once, outside timing.

* encode = `client.create_message(service, Op, _soapheaders=..., **values)` +
  `etree_to_string`: the documented request values (built once, outside the timed loop) with
  the headers of the documented request, to envelope bytes in memory. No HTTP. The WSDL's
  `wsaw:Action` attributes make zeep add WS-Addressing headers (Action, MessageID, To) to every
  request; basicHttpBinding does not use them and the other stacks do not write them, so the
  bench clears `wsa_action` on the parsed model of each operation it encodes, before measuring.
* decode = what `SoapBinding.process_reply` does with a response body: lxml's secure parse
  (`zeep.loader.parse_xml` with the client's settings), the Fault check, then
  `operation.process_reply` (zeep objects, `Decimal`, `datetime`). No HTTP.

Timing (the same in every stack): the batch size doubles from 1 until one batch takes at least
20 ms; batches run for 200 ms of warm-up; then 41 timed batches (time.perf_counter); the figure
is the median of batch time / batch size. The garbage collector stays on (Python's default).
One JSON line per measurement on stdout.
"""

import datetime
import json
import os
import statistics
import sys
import time
from decimal import Decimal

from zeep import Client
from zeep.loader import parse_xml
from zeep.transports import Transport
from zeep.wsdl.utils import etree_to_string

BINDING = "{http://tempuri.org/}BasicHttpBinding_IPaymentServiceV10"
MIN_BATCH = 0.020
WARM_UP = 0.200
BATCHES = 41


class LocalTransport(Transport):
    """Serves the WSDL set from wsdl/; refuses anything else."""

    FILES = {"?wsdl=wsdl0": "PaymentServiceV10.wsdl0.wsdl", "?xsd=xsd0": "PaymentServiceV10.xsd0.xsd"}

    def __init__(self, wsdl_dir):
        super().__init__()
        self.wsdl_dir = os.path.abspath(wsdl_dir)

    def load(self, url):
        for suffix, name in self.FILES.items():
            if url.lower().endswith(suffix):
                with open(os.path.join(self.wsdl_dir, name), "rb") as f:
                    return f.read()
        path = os.path.abspath(url)
        if "://" not in url and os.path.dirname(path) == self.wsdl_dir:
            with open(path, "rb") as f:
                return f.read()
        raise RuntimeError("LocalTransport: refusing to load %s" % url)


def measure(f):
    """Median µs per call of f and the batch size."""

    def batch(n):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        return time.perf_counter() - t0

    n = 1
    while batch(n) < MIN_BATCH:
        n *= 2
    warm = time.perf_counter()
    while time.perf_counter() - warm < WARM_UP:
        batch(n)
    return statistics.median(batch(n) * 1e6 / n for _ in range(BATCHES)), n


def report(op, direction, us, size, batch):
    print(json.dumps({"stack": "zeep", "op": op, "dir": direction, "us": us, "bytes": size, "batch": batch}),
          flush=True)


def die(message):
    print("zeep_bench: " + message, file=sys.stderr)
    sys.exit(1)


def money(cents):
    return Decimal("%d.%02d" % (cents // 100, cents % 100))


AUTH = {"Username": "USERNAME", "Password": "PASSWORD"}
ADDRESS = {"Address1": "Gatan 1", "City": "Stockholm", "CountryCode": "SE", "Email": "customer@example.com",
           "Firstname": "Test", "Lastname": "Customer", "PostalCode": "11122"}

# The documented request values (tests/fixtures/seed/<Op>.request.xml), and the bulk AddInvoice
# (tests/fixtures/bulk/generate.py: invoice_row); nil members as None.
REQUESTS = {
    "CancelInvoice": dict(
        CorrelationId="CancelInvoiceV10", CountryCode="SE", InvoiceNo="62396765", StoreId=1234,
        _soapheaders=dict(AUTH, ClientIpAddress="127.0.0.1")),
    "ReplaceInvoice": dict(
        CorrelationId="ReplaceInvoiceV10", CountryCode="SE", InvoiceNo="62396765",
        InvoiceRows={"InvoiceRow": [{"ArticleId": "Article 11", "Description": "Description 11", "Quantity": 11,
                                     "QuantityUnit": "pcs", "UnitPrice": Decimal("11"), "VAT": Decimal("25")}]},
        PurchaseClassification=None, StoreId=1234, _soapheaders=AUTH),
    "PartCreditInvoice": dict(
        ArticleList={"Article": [{"ArticleId": "82493", "Quantity": 11, "UnitPrice": Decimal("50")}]},
        CountryCode="SE", CreditDate="2020-04-20", InvoiceNo="62396756", SettlementReference="111", StoreId=1234,
        _soapheaders=dict(AUTH, ClientIpAddress="123.456.789")),
    "SendInvoice": dict(
        CorrelationId="123", CountryCode="SE", Email="merchant@walley.se", InvoiceDeliveryMethod=2,
        InvoiceNo="63062459", StoreId=1234, _soapheaders=AUTH),
    "AdjustInvoice": dict(
        CorrelationId="AdjustInvoiceV10", CountryCode="SE", InvoiceNo="62366754",
        InvoiceRows={"InvoiceRow": [
            {"ArticleId": "123456", "Description": "Article 123456", "Quantity": 10, "QuantityUnit": "pcs",
             "UnitPrice": Decimal("100"), "VAT": Decimal("25")},
            {"ArticleId": "123", "Description": "Discount on article 123456", "Quantity": 1,
             "UnitPrice": Decimal("-100"), "VAT": Decimal("25")}]},
        PurchaseClassification=None, SettlementReference=None, StoreId=1234, _soapheaders=AUTH),
    "AddInvoice": dict(
        ActivationOption=0, CorrelationId="bulk-600", CountryCode="SE", Currency="SEK",
        DeliveryAddress=ADDRESS, InvoiceAddress=ADDRESS, InvoiceDeliveryMethod=2,
        InvoiceRows={"InvoiceRow": [
            {"ArticleId": "ART-%05d" % i, "Description": "Article %d of the bulk invoice" % i,
             "Quantity": 1 + (i * 7) % 20, "UnitPrice": money(100 + (i * 1999) % 100000),
             "VAT": Decimal(("25", "12", "6")[i % 3])}
            for i in range(1, 601)]},
        InvoiceType=0, OrderDate=datetime.datetime(2024, 5, 1, 12, 0, 0), OrderNo="ORDER-1001",
        RegNo="197001011234", StoreId=1234, _soapheaders=dict(AUTH, ClientIpAddress="127.0.0.1")),
}


def field(r, name):
    """zeep unwraps a response of one member to that member's value."""
    return getattr(r, name) if hasattr(r, "__values__") else r


def reservations_ok(r):
    items = r.Reservations.Reservation
    first, last = items[0], items[-1]
    # zeep reads the empty <CustomerStatus/> as None (ours and gSOAP: the empty string).
    return (len(items) == 500 and first.AvailableReservationAmount == Decimal("1234.57")
            and first.CustomerStatus is None
            and first.PendingUntil == datetime.datetime(2026, 12, 2, 23, 59, 59)
            and last.AvailableReservationAmount == Decimal("17285.00") and last.CustomerName == "Customer 500"
            and last.CustomerStatus == "BLOCKED" and last.PendingUntil is None)


# (operation, response fixture, check of the decoded values)
RESPONSES = [
    ("CancelInvoice", "seed/CancelInvoice.response.xml",
     lambda r: field(r, "CorrelationId") == "CancelInvoiceV10"),
    ("ReplaceInvoice", "seed/ReplaceInvoice.response.xml",
     lambda r: r.AvailableReservationAmount == Decimal("5659.00") and r.CorrelationId == "ReplaceInvoiceV10"
     and r.InvoiceStatus == 1 and r.TotalAmount == Decimal("121")),
    ("PartCreditInvoice", "seed/PartCreditInvoice.response.xml", lambda r: field(r, "CorrelationId") is None),
    ("SendInvoice", "seed/SendInvoice.response.xml",
     lambda r: r.DueDate == datetime.datetime(2020, 5, 10, 23, 59, 59) and r.InvoiceUrl.endswith("&language=sv-SE")
     and r.NewInvoiceNo is None and r.PaymentReference == "100002403531655" and r.TotalAmount == Decimal("3510.00")),
    ("AdjustInvoice", "seed/AdjustInvoice.response.xml", lambda r: field(r, "CorrelationId") == "AdjustInvoiceV10"),
    ("GetReservations", "bulk/GetReservations.response.xml", reservations_ok),
]


def main():
    if len(sys.argv) < 2:
        die("usage: zeep_bench.py REPO_ROOT [--dump DIR]")
    root = sys.argv[1]
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv[2:-1] else None
    transport = LocalTransport(os.path.join(root, "wsdl"))
    client = Client(os.path.join(transport.wsdl_dir, "PaymentServiceV10.wsdl"), transport=transport)
    service = client.create_service(BINDING, "https://ecommercetest.collector.se/v3.0/PaymentServiceV10.svc")
    binding = service._binding

    order = ["CancelInvoice", "ReplaceInvoice", "PartCreditInvoice", "SendInvoice", "AdjustInvoice", "AddInvoice"]
    decodes = {op: (path, check) for op, path, check in RESPONSES}
    for op in order + ["GetReservations"]:
        if op in REQUESTS:
            binding.get(op).abstract.wsa_action = None  # see the docstring
            values = REQUESTS[op]
            envelope = etree_to_string(client.create_message(service, op, **values))
            if b"Action>" in envelope:
                die(op + ": WS-Addressing headers are still written")
            if dump:
                with open(os.path.join(dump, op + ".request.xml"), "wb") as f:
                    f.write(envelope)
            us, n = measure(lambda: etree_to_string(client.create_message(service, op, **values)))
            report(op, "encode", us, len(envelope), n)
        if op in decodes:
            path, check = decodes[op]
            with open(os.path.join(root, "tests", "fixtures", path), "rb") as f:
                content = f.read()
            operation = binding.get(op)

            def decode():
                doc = parse_xml(content, transport, settings=client.settings)
                if doc.find("soap-env:Body/soap-env:Fault", namespaces=binding.nsmap) is not None:
                    raise RuntimeError("a fault")
                return operation.process_reply(doc)

            if not check(decode()):
                die(op + ": decoded values differ from the fixture")
            us, n = measure(decode)
            report(op, "decode", us, len(content), n)


if __name__ == "__main__":
    main()
